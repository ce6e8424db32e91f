package org.casejourney.faults;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The extractor behind {@link ObservabilityAsCodeIT}, and the checks on the files that need no running system. */
class PromQlMetricNamesTest {

    @Test
    void findsSelectorsFollowedByBracesBracketsOrStandingAlone() {
        assertThat(PromQlMetricNames.of("casejourney_publish_lag_events > 1000")).containsExactly("casejourney_publish_lag_events");
        assertThat(PromQlMetricNames.of("rate(casejourney_ingest_events_total[5m])")).containsExactly("casejourney_ingest_events_total");
        assertThat(PromQlMetricNames.of("jvm_memory_used_bytes{area=\"heap\"} / jvm_memory_max_bytes {area=\"heap\"}"))
                .containsExactlyInAnyOrder("jvm_memory_used_bytes", "jvm_memory_max_bytes");
        assertThat(PromQlMetricNames.of("up{job=~\"casejourney.*\"} == 0")).containsExactly("up");
        assertThat(PromQlMetricNames.of("recorded:rule:rate5m offset 1h")).containsExactly("recorded:rule:rate5m");
    }

    @Test
    void leavesOutFunctionsAggregationsKeywordsLabelsStringsDurationsAndGrafanaVariables() {
        String expr = """
                sum by (application, instance) (rate(http_server_requests_seconds_count{application=~"$application", status=~"5.."}[$__rate_interval]))
                  / on (application) group_left (pool) sum without (uri) (rate(http_server_requests_seconds_sum{uri="/api/v1/events/batch"}[5m] offset 10m))
                  > bool 0.05 unless absent(hikaricp_connections_active) or histogram_quantile(0.99, sum by (le) (rate(x_bucket[1h:5m])))
                  and topk(3, process_cpu_usage) * Inf # a comment naming not_a_metric
                """;
        assertThat(PromQlMetricNames.of(expr)).containsExactlyInAnyOrder("http_server_requests_seconds_count",
                "http_server_requests_seconds_sum", "hikaricp_connections_active", "x_bucket", "process_cpu_usage");
    }

    @Test
    void aStringLooksLikeNothing() {
        assertThat(PromQlMetricNames.of("label_replace(up, \"dst\", \"$1 not_a_metric{x}\", \"src\", '(.*)[a]')"))
                .containsExactly("up");
        assertThat(PromQlMetricNames.of("count_values(\"value\", build_info)")).containsExactly("build_info");
    }

    @Test
    void anUnknownNameIsReportedWithWhereItStands() {
        Set<String> exported = Set.of("casejourney_ingest_events_total");
        List<ObservabilityFiles.Query> queries = List.of(
                new ObservabilityFiles.Query("good", "rate(casejourney_ingest_events_total[5m])"),
                new ObservabilityFiles.Query("typo", "rate(casejourney_ingest_event_total[5m]) + up"));
        assertThat(ObservabilityFiles.unknownNames(queries, exported)).containsExactly("casejourney_ingest_event_total (typo)");
    }

    @Test
    void readsTheSampleNamesOfAnExposition() {
        String exposition = """
                # HELP casejourney_publish_lag_events Events stored but not yet acknowledged
                # TYPE casejourney_publish_lag_events gauge
                casejourney_publish_lag_events{application="casejourney-command-side"} 0.0
                jvm_threads_live_threads 31.0
                """;
        assertThat(ObservabilityFiles.sampleNames(exposition)).containsExactly("casejourney_publish_lag_events", "jvm_threads_live_threads");
    }

    @Test
    void theDashboardAndTheRulesHaveQueriesAndTheExtractorFindsNamesInEach() {
        List<ObservabilityFiles.Query> queries = ObservabilityFiles.queries();
        assertThat(queries).hasSizeGreaterThan(30);
        assertThat(queries).allSatisfy(q -> assertThat(PromQlMetricNames.of(q.expr())).as(q.where()).isNotEmpty());
    }

    @Test
    void everyAlertHasASeveritySummaryAndARunbookThatExistsInOperations() {
        Set<String> anchors = ObservabilityFiles.headingAnchors(ObservabilityFiles.readText(ObservabilityFiles.OPERATIONS));
        List<ObservabilityFiles.Rule> rules = ObservabilityFiles.rules();
        assertThat(rules).extracting(ObservabilityFiles.Rule::alert).contains("CaseJourneyPublishLag", "CaseJourneyProjectionLag",
                "CaseJourneyParkedRecords", "CaseJourneyChainVerificationFailed", "CaseJourneyHigh5xxRate", "CaseJourneyDatabaseDown",
                "CaseJourneyBrokerDown", "CaseJourneyInstanceDown");
        assertThat(rules).allSatisfy(rule -> {
            assertThat(rule.labels().path("severity").asText()).as(rule.alert() + " severity").isIn("warning", "critical");
            assertThat(rule.annotations().path("summary").asText()).as(rule.alert() + " summary").isNotBlank();
            String runbook = rule.annotations().path("runbook_url").asText();
            assertThat(runbook).as(rule.alert() + " runbook_url").startsWith(ObservabilityFiles.OPERATIONS + "#runbook-");
            assertThat(anchors).as(rule.alert() + " runbook anchor in docs/operations.md")
                    .contains(runbook.substring(runbook.indexOf('#') + 1));
        });
    }

    @Test
    void headingAnchorsAreGitHubs() {
        assertThat(ObservabilityFiles.headingAnchors("# Operations\n```\n# not a heading\n```\n### Runbook: 5xx rate\n## When Kafka is down\n"))
                .containsExactly("operations", "runbook-5xx-rate", "when-kafka-is-down");
    }

    @Test
    void theDashboardUsesTheDatasourceAndApplicationVariables() {
        var dashboard = ObservabilityFiles.dashboard();
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(39);
        assertThat(dashboard.path("templating").path("list").findValuesAsText("name")).contains("datasource", "application");
        assertThat(dashboard.findValues("datasource")).allSatisfy(ds -> {
            if (ds.isObject() && !"grafana".equals(ds.path("type").asText())) {
                assertThat(ds.path("uid").asText()).isEqualTo("${datasource}");
            }
        });
        assertThat(ObservabilityFiles.queries().stream().filter(q -> q.where().contains("panel")))
                .allSatisfy(q -> assertThat(q.expr()).as(q.where()).contains("application=~\"$application\""));
    }
}
