package org.casejourney.faults;

import org.casejourney.infrastructure.supervisor.Supervisor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: every metric the Grafana dashboard and the Prometheus alert rules of deploy/observability
 * name is one the running apps export. Events are posted first (through both write endpoints) so
 * that the series that only appear with traffic exist; those that stand for something gone wrong
 * (parked records, chain verification failures, a component down) must be there at start, at 0.
 */
@ExtendWith(SharedSystem.class)
class ObservabilityAsCodeIT {

    private static Set<String> exported;

    @Test
    void everyMetricTheDashboardAndTheAlertRulesNameIsExported() throws Exception {
        List<ObservabilityFiles.Query> queries = ObservabilityFiles.queries();
        List<String> unknown = ObservabilityFiles.unknownNames(queries, exported());
        System.out.printf("observability: %d queries name %d metrics; %d exported by the two apps%n", queries.size(),
                queries.stream().flatMap(q -> PromQlMetricNames.of(q.expr()).stream()).distinct().count(), exported().size());
        assertThat(unknown).as("metric names in %s and %s that the apps do not export", ObservabilityFiles.DASHBOARD,
                ObservabilityFiles.ALERTS).isEmpty();
    }

    @Test
    void aMisspeltNameIsReported() throws Exception {
        List<ObservabilityFiles.Query> madeUp = List.of(
                new ObservabilityFiles.Query("made-up rule", "sum(rate(casejourney_ingest_event_total{outcome=\"stored\"}[5m])) > 0"),
                new ObservabilityFiles.Query("made-up panel", "casejourney_projection_parked_record"),
                new ObservabilityFiles.Query("spelt right", "sum(rate(casejourney_ingest_events_total[5m])) + casejourney_projection_parked_records"));
        assertThat(ObservabilityFiles.unknownNames(madeUp, exported())).containsExactly(
                "casejourney_ingest_event_total (made-up rule)", "casejourney_projection_parked_record (made-up panel)");
    }

    /** Both apps' /actuator/prometheus after some events, scraped until every name the files use appears or a minute passes. */
    private static synchronized Set<String> exported() throws Exception {
        if (exported != null) {
            return exported;
        }
        LocalSystem system = SharedSystem.get();
        EventPlan plan = new EventPlan("observability", EventPlan.people("observability", 40, 5), Scenarios.start());
        // every second round through the single-event endpoint, the others in batches: both POST endpoints are timed
        Load load = new Load(system.http(), plan, new Load.Settings(2, 10, 2, 2, 0, Duration.ofSeconds(20)),
                w -> system.commandUrl(), false).start();
        assertThat(load.await(Duration.ofSeconds(120))).as("all events acknowledged").isTrue();
        List<ObservabilityFiles.Query> queries = ObservabilityFiles.queries();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Set<String> names;
        do {
            names = new TreeSet<>();
            for (var url : List.of(system.commandUrl(), system.queryUrl())) {
                Http.Response scrape = system.http().get(url.resolve("/actuator/prometheus"), Duration.ofSeconds(30));
                assertThat(scrape.status()).as("GET %s/actuator/prometheus", url).isEqualTo(200);
                names.addAll(ObservabilityFiles.sampleNames(scrape.body()));
            }
            if (ObservabilityFiles.unknownNames(queries, names).isEmpty()) {
                break;
            }
            Supervisor.sleep(1000);
        } while (System.nanoTime() < deadline);
        exported = names;
        return names;
    }
}
