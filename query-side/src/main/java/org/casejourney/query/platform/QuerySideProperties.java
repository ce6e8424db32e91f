package org.casejourney.query.platform;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Every {@code casejourney.*} setting of the query side but those both apps share (shared-platform's
 * {@code SecurityProperties}, {@code PseudonymsProperties} and {@code HealthProperties}), checked at start-up; docs/operations.md describes each, application.yml holds
 * the defaults.
 */
@Validated
@ConfigurationProperties("casejourney")
public record QuerySideProperties(@Valid @DefaultValue Analytics analytics, @Valid @DefaultValue Api api,
                                  @Valid @DefaultValue Topic topic,
                                  @Valid @DefaultValue Consumer consumer, @Valid @DefaultValue Journey journey,
                                  @Valid @DefaultValue Projections projections,
                                  @Valid @DefaultValue Web web) {

    /** The events topic: its name, and partitions and replication used only when this app creates it. */
    public record Topic(@NotBlank @DefaultValue("casejourney.events") String name, @Min(1) @DefaultValue("6") int partitions,
                        @Min(1) @DefaultValue("1") short replicationFactor) {
    }

    /**
     * @param groupId          the consumer group instances share the partitions in
     * @param staticMembership whether the consumer keeps a group.instance.id across restarts
     * @param instanceId       that id; empty makes one from the host and port
     */
    record Consumer(@NotBlank @DefaultValue("casejourney-query") String groupId, @DefaultValue("true") boolean staticMembership,
                           @DefaultValue("") String instanceId) {
    }

    /**
     * @param returnWindowDays days after a closure within which new demand counts as returning
     * @param deferFoldBehind  records beyond a poll above which live batches defer the fold (-1 never)
     * @param keptEvents       parsed events the live projection keeps in memory (-1: a quarter of the heap)
     * @param viewCacheEvents  events of parsed journeys the journey view keeps (0 keeps none)
     */
    public record Journey(@Min(1) @Max(3650) @DefaultValue("90") int returnWindowDays, @Min(-1) @DefaultValue("2000") long deferFoldBehind,
                          @Min(-1) @DefaultValue("-1") long keptEvents, @Min(0) @DefaultValue("50000") long viewCacheEvents) {
    }

    /** @param schema the live read model's schema */
    public record Projections(@NotBlank @DefaultValue("journey") String schema, @Valid @DefaultValue Rebuild rebuild) {
    }

    /**
     * @param chunkRecords     records read per poll, each worker storing its partitions' share per transaction; 2,000 rather
     *                         than 20,000 halved a million-event rebuild's CPU (docs/performance.md): fewer records in flight
     *                         survive young collections
     * @param foldPeople       people folded per transaction
     * @param switchLagRecords records the rebuilt schema may trail the live one by when it is switched in
     * @param cachedEvents     parsed events kept between the copy and the fold (-1: a quarter of the heap)
     * @param workers          worker threads (and connections) copying, folding and indexing in parallel
     */
    public record Rebuild(@Min(1) @DefaultValue("2000") int chunkRecords, @Min(1) @DefaultValue("2000") int foldPeople,
                          @Min(0) @DefaultValue("5000") long switchLagRecords, @Min(-1) @DefaultValue("-1") long cachedEvents,
                          @Min(1) @DefaultValue("2") int workers) {
    }

    /**
     * @param minCohortSize fewest distinct people a cohort, a series cell or a network edge may describe; below it, suppressed
     * @param maxCells      most cells (groups times buckets) one end-to-end answer may hold
     */
    public record Analytics(@Min(1) @DefaultValue("10") int minCohortSize, @Min(1) @DefaultValue("50000") int maxCells) {
    }

    /**
     * @param statementTimeout longest an analyst's statement may run before it is cancelled (503 problem)
     * @param maxBodyBytes     largest request body accepted (413 problem)
     */
    record Api(@DefaultValue("PT30S") Duration statementTimeout, @Min(1) @DefaultValue("65536") int maxBodyBytes,
                      @Valid @DefaultValue RateLimit rateLimit) {
    }

    /** Requests per period and burst allowed to one principal on /api/; 0 requests turns it off. */
    record RateLimit(@Min(0) @DefaultValue("200") int requests, @NotNull @DurationMin(nanos = 1) @DefaultValue("PT1S") Duration period,
                            @Min(0) @DefaultValue("400") int burst) {
    }

    /**
     * The web application (docs/web.md): where it signs people in and where the auditor's view reads.
     *
     * @param oidcIssuer     the OpenID Connect provider's issuer URL (its discovery document is read from
     *                       {@code <issuer>/.well-known/openid-configuration}); empty: the page cannot sign in
     * @param clientId       the web application's client id at that provider (a public client using PKCE)
     * @param scopes         the scopes asked for, space separated
     * @param localSignIn    the provider is the standalone launcher's, which signs in one role in one click
     * @param commandSideUrl the command side's URL, for the auditor's journey and verification (empty: not offered);
     *                       the command side must allow this app's origin ({@code casejourney.security.cors-allowed-origins})
     */
    public record Web(@DefaultValue("") String oidcIssuer, @NotBlank @DefaultValue("casejourney-web") String clientId,
                      @NotBlank @DefaultValue("openid") String scopes, @DefaultValue("false") boolean localSignIn,
                      @DefaultValue("") String commandSideUrl) {
    }
}
