package org.casejourney.command.platform;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * Every tunable of the command side, with the defaults documented in application.yml, checked at start-up: a value
 * out of range stops the start naming the setting (an unknown name is refused by shared-platform's settings check).
 */
@Validated
@ConfigurationProperties("casejourney")
public record CaseJourneyProperties(
        @Valid @DefaultValue Topic topic,
        @Valid @DefaultValue Ingestion ingestion,
        @Valid @DefaultValue EventStore eventStore,
        @Valid @DefaultValue PersonalData personalData,
        @Valid @DefaultValue Checkpoints checkpoints,
        @Valid @DefaultValue Journey journey,
        @Valid @DefaultValue Fhir fhir) {

    /**
     * The journey measures the command side answers (as of a past instant), bound under the same name as the query
     * side's, so one setting serves both apps.
     *
     * @param returnWindowDays the default return window: a contact this many days or fewer after a closure is a return
     */
    public record Journey(@DefaultValue("90") int returnWindowDays) {

        public static final int MAX_RETURN_WINDOW_DAYS = 3_650;

        public Journey {
            if (returnWindowDays < 1 || returnWindowDays > MAX_RETURN_WINDOW_DAYS) {
                throw new IllegalArgumentException("casejourney.journey.return-window-days must be 1 to " + MAX_RETURN_WINDOW_DAYS
                        + " days; got " + returnWindowDays);
            }
        }
    }

    /** @param personIdentifierSystem the Patient identifier system whose value is the personId, in FHIR and out (docs/fhir.md) */
    public record Fhir(@NotBlank @DefaultValue("https://fhir.nhs.uk/Id/nhs-number") String personIdentifierSystem) {
    }

    /**
     * The events topic.
     *
     * @param cloudEventsSource the CloudEvents {@code source} of every record (a URI reference naming this event
     *                          store; with the eventId it identifies the record, so the same on every instance)
     */
    public record Topic(
            @NotBlank @DefaultValue("casejourney.events") String name,
            @Min(1) @DefaultValue("6") int partitions,
            @Min(1) @DefaultValue("1") short replicationFactor,
            @NotNull @DefaultValue("urn:casejourney:event-store") java.net.URI cloudEventsSource) {
    }

    public record Ingestion(
            @Min(1) @DefaultValue("1000") int batchMaxEvents,
            @Min(1) @DefaultValue("65536") int maxEventBytes,
            @Min(1) @DefaultValue("16777216") int maxBatchBytes,
            @NotNull @DurationMin(nanos = 0) @DefaultValue("PT5M") Duration clockSkew,
            @DefaultValue("") List<String> extraFailureCategories,
            @Valid @DefaultValue RateLimit rateLimit,
            @Valid @DefaultValue GroupCommit groupCommit,
            @DefaultValue("false") boolean axonDefaults) {
    }

    /**
     * Single-event requests that arrive together are written in one transaction.
     *
     * @param writers   threads writing groups (one gathers and prepares a group while another's commits)
     * @param maxEvents events in one group at most
     * @param queue     requests waiting for a writer at most; beyond it a request is answered 503
     */
    public record GroupCommit(
            @Min(0) @DefaultValue("2") int writers,
            @Min(1) @DefaultValue("1000") int maxEvents,
            @Min(0) @DefaultValue("10000") int queue) {
    }

    /** Writes per period and burst allowed to one client (its authenticated principal); 0 turns it off. */
    public record RateLimit(
            @Min(0) @DefaultValue("1000") int requests,
            @NotNull @DurationMin(nanos = 1) @DefaultValue("PT1S") Duration period,
            @Min(0) @DefaultValue("2000") int burst) {
    }

    public record EventStore(
            @Min(0) @DefaultValue("100") int snapshotThreshold,
            @Min(1) @DefaultValue("1000") int batchSize,
            @Min(0) @DefaultValue("100000") long cachedPeople,
            @NotNull @DurationMin(nanos = 1) @DefaultValue("PT0.1S") Duration pollInterval,
            @NotNull @DurationMin(nanos = 1) @DefaultValue("PT5M") Duration gapTimeout,
            @Min(1) @DefaultValue("100000") int maxGapOffset) {
    }

    /**
     * @param masterKeys      {@code id:base64,...}: the master keys (32 bytes each) that wrap people's data keys
     * @param activeMasterKey the id new data keys are wrapped with (default: the first)
     */
    public record PersonalData(String masterKeys, String activeMasterKey) {
    }

    /**
     * Signed checkpoints of every stream's head, kept outside the event store (docs/security.md).
     * Off unless a directory is given; then both keys are required.
     *
     * @param directory  where checkpoint files are written and read (outside the database's reach)
     * @param signingKey base64 PKCS#8 Ed25519 private key; the database never holds it
     * @param publicKey  base64 X.509 Ed25519 public key of the same pair, to check checkpoints with
     * @param interval   how often a checkpoint is taken (only when some stream changed)
     * @param topic      the Kafka topic every checkpoint is also published to
     */
    public record Checkpoints(
            String directory,
            String signingKey,
            String publicKey,
            @NotNull @DurationMin(nanos = 1) @DefaultValue("PT5M") Duration interval,
            @NotBlank @DefaultValue("casejourney.checkpoints") String topic,
            @DefaultValue("900000") int recordBytes) {

        public boolean enabled() {
            return directory != null && !directory.isBlank();
        }
    }
}
