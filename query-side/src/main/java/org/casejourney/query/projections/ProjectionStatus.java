package org.casejourney.query.projections;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** A projection's state as the listing and the metrics show it. */
@Component
class ProjectionStatus {

    enum State { LIVE, REBUILDING }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    /**
     * {@code unfolded}: people whose events a catch-up stored and whose journey and analysts' facts it has yet to write
     * (ADR 014); the projection is complete when both it and {@code lag.records} are 0.
     */
    record Status(String name, String topic, State state, Progress rebuild, List<PartitionStatus> partitions, Lag lag, long parked,
                  long unfolded, LastRebuild lastRebuild, ProjectionRebuild.Failure lastRebuildFailure) {
    }

    record Progress(String schema, String phase, Instant startedAt, long recordsApplied, Map<Integer, Long> targetOffsets, double percent) {
    }

    /** {@code position}: last applied offset (-1 when none); {@code endOffset}/{@code lag}: null when Kafka does not answer. */
    record PartitionStatus(int partition, long position, Instant lastRecordAt, Long endOffset, Long lag) {
    }

    /** Records on the topic not yet applied, and how old the newest applied record is while any wait (0 when none do). */
    record Lag(Long records, Double seconds) {
    }

    record LastRebuild(Instant startedAt, Instant finishedAt, long records, double eventsPerSecond) {
    }

    private final ProjectionLifecycle projection;
    private final ProjectionRebuild rebuild;
    private final TopicEnds ends;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    ProjectionStatus(ProjectionLifecycle projection, ProjectionRebuild rebuild, TopicEnds ends, JdbcTemplate jdbc, Clock clock,
                     MeterRegistry meters) {
        this.projection = projection;
        this.rebuild = rebuild;
        this.ends = ends;
        this.jdbc = jdbc;
        this.clock = clock;
        Gauge.builder("casejourney.projection.parked.records", projection, ProjectionLifecycle::parkedCount)
                .description("Records parked now, waiting for a fix and a replay").tag("projection", projection.name()).register(meters);
        Gauge.builder("casejourney.projection.unfolded.people", projection, ProjectionLifecycle::unfoldedCount)
                .description("People whose events a catch-up stored and whose journey and facts it has yet to write")
                .tag("projection", projection.name()).register(meters);
        Gauge.builder("casejourney.projection.lag.records", this, s -> {
                    Long records = s.lag(s.partitions()).records();
                    return records == null ? Double.NaN : records;
                })
                .description("Records on the topic the projection has not applied yet").tag("projection", projection.name()).register(meters);
        Gauge.builder("casejourney.projection.rebuild.running", rebuild, r -> r.running() == null ? 0 : 1)
                .description("1 while a rebuild of the projection runs on this instance, else 0").tag("projection", projection.name())
                .register(meters);
        Gauge.builder("casejourney.projection.rebuild.progress", rebuild, r -> {
                    ProjectionRebuild.Run run = r.running();
                    return run == null ? 0 : run.percent();
                })
                .description("Percent of the target offsets the running rebuild has applied; 0 when none runs on this instance")
                .baseUnit("percent").tag("projection", projection.name()).register(meters);
    }

    List<Status> all() {
        return List.of(of());
    }

    Status of() {
        ProjectionRebuild.Run run = rebuild.running();
        List<PartitionStatus> partitions = partitions();
        return new Status(projection.name(), projection.topic(), run == null ? State.LIVE : State.REBUILDING,
                run == null ? null : new Progress(run.schema, run.phase.name(), run.startedAt, run.recordsApplied.get(),
                        run.targetOffsets, Math.round(run.percent() * 10) / 10.0),
                partitions, lag(partitions), projection.parkedCount(), projection.unfoldedCount(), lastRebuild(), rebuild.lastFailure());
    }

    private List<PartitionStatus> partitions() {
        Map<Integer, ProjectionLifecycle.Position> stored = projection.positions();
        Optional<Map<Integer, Long>> endOffsets = ends.of(projection.topic());
        TreeSet<Integer> numbers = new TreeSet<>(stored.keySet());
        endOffsets.ifPresent(e -> numbers.addAll(e.keySet()));
        List<PartitionStatus> partitions = new ArrayList<>();
        for (int partition : numbers) {
            ProjectionLifecycle.Position position = stored.get(partition);
            long last = position == null ? -1 : position.lastOffset();
            Long end = endOffsets.map(e -> e.get(partition)).orElse(null);
            partitions.add(new PartitionStatus(partition, last, position == null ? null : position.lastRecordAt(), end,
                    end == null ? null : Math.max(0, end - (last + 1))));
        }
        return partitions;
    }

    private Lag lag(List<PartitionStatus> partitions) {
        if (partitions.isEmpty() || partitions.stream().anyMatch(p -> p.lag() == null)) {
            return new Lag(null, null);
        }
        long records = partitions.stream().mapToLong(PartitionStatus::lag).sum();
        Instant now = clock.instant();
        Double seconds = 0.0;
        for (PartitionStatus p : partitions) {
            if (p.lag() > 0) {
                seconds = p.lastRecordAt() == null || seconds == null ? null
                        : Math.max(seconds, Duration.between(p.lastRecordAt(), now).toMillis() / 1000.0);
            }
        }
        return new Lag(records, seconds);
    }

    private LastRebuild lastRebuild() {
        List<LastRebuild> last = jdbc.query("select started_at, finished_at, records, events_per_second from projection_rebuild"
                        + " order by finished_at desc limit 1",
                (ResultSet rs, int n) -> new LastRebuild(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(), rs.getLong(3),
                        Math.round(rs.getDouble(4))));
        return last.isEmpty() ? null : last.get(0);
    }
}
