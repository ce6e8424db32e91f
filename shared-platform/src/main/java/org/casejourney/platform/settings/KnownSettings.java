package org.casejourney.platform.settings;

import org.casejourney.platform.health.HealthProperties;
import org.casejourney.platform.pseudonyms.PseudonymsProperties;
import org.casejourney.security.SecurityProperties;
import org.casejourney.security.database.MigrationProperties;

import java.util.ArrayList;
import java.util.List;

/**
 * Every {@code casejourney.*} setting of either app. Both apps may be given one environment (the standalone launcher,
 * one Compose or Kubernetes environment), so each must know the other's names too; those of the apps' own records are
 * listed here because this module cannot see them, and each app's {@code SettingsDocumentedTest} holds its list to its
 * record. The shared settings come from this module's records.
 */
public final class KnownSettings {

    /** The names of the command side's {@code CaseJourneyProperties}. */
    public static final List<String> COMMAND_SIDE = List.of(
            "casejourney.topic.name", "casejourney.topic.partitions", "casejourney.topic.replication-factor",
            "casejourney.topic.cloud-events-source",
            "casejourney.ingestion.batch-max-events", "casejourney.ingestion.max-event-bytes", "casejourney.ingestion.max-batch-bytes",
            "casejourney.ingestion.clock-skew", "casejourney.ingestion.extra-failure-categories",
            "casejourney.ingestion.rate-limit.requests", "casejourney.ingestion.rate-limit.period", "casejourney.ingestion.rate-limit.burst",
            "casejourney.ingestion.group-commit.writers", "casejourney.ingestion.group-commit.max-events",
            "casejourney.ingestion.group-commit.queue", "casejourney.ingestion.axon-defaults",
            "casejourney.event-store.snapshot-threshold", "casejourney.event-store.batch-size", "casejourney.event-store.cached-people",
            "casejourney.event-store.poll-interval", "casejourney.event-store.gap-timeout", "casejourney.event-store.max-gap-offset",
            "casejourney.personal-data.master-keys", "casejourney.personal-data.active-master-key",
            "casejourney.checkpoints.directory", "casejourney.checkpoints.signing-key", "casejourney.checkpoints.public-key",
            "casejourney.checkpoints.interval", "casejourney.checkpoints.topic", "casejourney.checkpoints.record-bytes",
            "casejourney.journey.return-window-days",
            "casejourney.fhir.person-identifier-system");

    /** The names of the query side's {@code QuerySideProperties}. */
    public static final List<String> QUERY_SIDE = List.of(
            "casejourney.analytics.min-cohort-size", "casejourney.analytics.max-cells",
            "casejourney.api.statement-timeout", "casejourney.api.max-body-bytes",
            "casejourney.api.rate-limit.requests", "casejourney.api.rate-limit.period", "casejourney.api.rate-limit.burst",
            "casejourney.topic.name", "casejourney.topic.partitions", "casejourney.topic.replication-factor",
            "casejourney.consumer.group-id", "casejourney.consumer.static-membership", "casejourney.consumer.instance-id",
            "casejourney.journey.return-window-days", "casejourney.journey.defer-fold-behind", "casejourney.journey.kept-events",
            "casejourney.journey.view-cache-events",
            "casejourney.projections.schema", "casejourney.projections.rebuild.chunk-records",
            "casejourney.projections.rebuild.fold-people", "casejourney.projections.rebuild.switch-lag-records",
            "casejourney.projections.rebuild.cached-events", "casejourney.projections.rebuild.workers",
            "casejourney.web.oidc-issuer", "casejourney.web.client-id", "casejourney.web.scopes", "casejourney.web.local-sign-in",
            "casejourney.web.command-side-url");

    private KnownSettings() {
    }

    /** The settings both apps bind from this module's records. */
    public static List<String> shared() {
        List<String> names = new ArrayList<>(SettingNames.of("casejourney.security", SecurityProperties.class));
        names.addAll(SettingNames.of("casejourney.health", HealthProperties.class));
        names.addAll(SettingNames.of("casejourney.pseudonyms", PseudonymsProperties.class));
        names.addAll(SettingNames.of("casejourney", MigrationProperties.class));
        return names;
    }

    static List<String> all() {
        List<String> names = new ArrayList<>(shared());
        names.addAll(COMMAND_SIDE);
        names.addAll(QUERY_SIDE);
        return names;
    }
}
