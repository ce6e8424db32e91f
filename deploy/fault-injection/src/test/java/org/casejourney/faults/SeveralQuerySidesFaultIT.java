package org.casejourney.faults;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.casejourney.infrastructure.supervisor.ChildJvm;
import org.casejourney.infrastructure.supervisor.Supervisor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: several query sides in one consumer group on one topic and one read model. The six
 * partitions split between two, then three instances; a {@code kill -9} of one moves its partitions to
 * the others within seconds; a rebuild started on one instance is refused on another while it runs;
 * afterwards every journey equals the command side's, and equals it again after a rebuild.
 */
@ExtendWith(SharedSystem.class)
class SeveralQuerySidesFaultIT {

    private static final String GROUP = "casejourney-query";
    private static final String TOPIC = "casejourney.events";
    /** The query side's session timeout (10 s) plus a rebalance, with room for two loaded cores. */
    private static final Duration MOVE_BOUND = Duration.ofSeconds(30);

    @AfterAll
    static void backToOneQuerySide() {
        SharedSystem.get().removeExtraQuerySides();
    }

    @Test
    void partitionsSplitMoveOnAKillAndEveryJourneyEqualsARebuild() throws Exception {
        LocalSystem system = SharedSystem.get();
        long started = System.nanoTime();
        ChildJvm second = system.addQuerySide();
        system.awaitHealthy(second);
        Map<String, Set<Integer>> two = awaitMembers(system, 2, Duration.ofSeconds(60));
        System.out.println("several-query-sides: two instances: " + two);
        assertSplit(two, 2);

        EventPlan plan = new EventPlan("several-query", EventPlan.people("several-query", 300, 24), Scenarios.start());
        Load load = new Load(system.http(), plan, new Load.Settings(4, 100, 10, 5, 120, Duration.ofSeconds(20)),
                w -> system.commandUrl(), true).start();

        Scenarios.awaitAcks(load, plan.totalEvents() / 4, Duration.ofSeconds(120));
        ChildJvm third = system.addQuerySide();
        system.awaitHealthy(third);
        Map<String, Set<Integer>> three = awaitMembers(system, 3, Duration.ofSeconds(60));
        System.out.println("several-query-sides: three instances: " + three);
        assertSplit(three, 3);

        // kill -9 the third while the load goes on: its partitions must go to the two left
        Scenarios.awaitAcks(load, plan.totalEvents() / 2, Duration.ofSeconds(120));
        Set<Integer> orphaned = three.entrySet().stream().filter(e -> e.getKey().contains("-" + third.url().getPort() + "-"))
                .findFirst().orElseThrow(() -> new AssertionError("no member for port " + third.url().getPort() + " in " + three))
                .getValue();
        Map<Integer, Long> before = positions(system);
        long killedAt = System.nanoTime();
        third.kill9();
        Map<String, Set<Integer>> after = awaitMembers(system, 2, MOVE_BOUND.plusSeconds(30));
        double movedSeconds = (System.nanoTime() - killedAt) / 1e9;
        assertSplit(after, 2);
        double projectingSeconds = awaitAdvanced(system, orphaned, before, Duration.ofSeconds(90), killedAt);
        System.out.printf("several-query-sides: kill -9 of %s (partitions %s): reassigned after %.1f s %s, "
                        + "its partitions projected again after %.1f s%n",
                third.name(), orphaned, movedSeconds, after, projectingSeconds);
        assertThat(movedSeconds).as("seconds until the killed instance's partitions had new owners").isLessThan(MOVE_BOUND.toSeconds());

        // a rebuild started on one instance while the load goes on is refused on the other until it is done
        Scenarios.awaitAcks(load, plan.totalEvents() * 3 / 4, Duration.ofSeconds(120));
        Instant requested = Instant.now();
        Http.Response first = system.http().postAsOperator(second.url().resolve("/api/v1/projections/journey/rebuild"), "",
                Duration.ofSeconds(30));
        assertThat(first.status()).as("rebuild on %s: %s", second.name(), first.body()).isEqualTo(202);
        Http.Response raced = system.http().postAsOperator(system.queryUrl().resolve("/api/v1/projections/journey/rebuild"), "",
                Duration.ofSeconds(30));
        System.out.printf("several-query-sides: rebuild started on %s (202); a second on %s answered %d %s%n",
                second.name(), system.querySide().name(), raced.status(), raced.json().path("type").asText());
        assertThat(raced.status()).as("a second rebuild on another instance: %s", raced.body()).isEqualTo(409);
        awaitRebuildFinished(system, system.queryUrl(), requested, Duration.ofSeconds(240));

        assertThat(load.await(Duration.ofSeconds(240))).as("all events acknowledged").isTrue();
        Reconciliation.Result result = Scenarios.reconcileAndReport(system, "several-query-sides", List.of(load), started, true);
        Scenarios.assertClean(result, List.of(load));
        Scenarios.assertNo500(List.of(load));
        assertAtTopicEnd(system);

        // and once more, a rebuild from the first instance while the second keeps consuming
        Scenarios.assertRebuildEqualsCommandSide(system, plan, "several-query-sides");
    }

    /** Each partition owned by exactly one member, every member owning some. */
    private static void assertSplit(Map<String, Set<Integer>> members, int count) {
        assertThat(members).hasSize(count);
        assertThat(members.values()).allSatisfy(p -> assertThat(p).isNotEmpty());
        List<Integer> all = members.values().stream().flatMap(Set::stream).sorted().toList();
        assertThat(all).as("every partition once").isEqualTo(List.of(0, 1, 2, 3, 4, 5));
    }

    /** Waits until the group has {@code count} members that between them own every partition of the topic. */
    private static Map<String, Set<Integer>> awaitMembers(LocalSystem system, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Set<Integer>> members = Map.of();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrapServers()))) {
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get(10, TimeUnit.SECONDS).get(GROUP);
                members = new TreeMap<>();
                for (MemberDescription m : group.members()) {
                    members.put(m.groupInstanceId().orElse(m.consumerId()), m.assignment().topicPartitions().stream()
                            .filter(tp -> tp.topic().equals(TOPIC)).map(TopicPartition::partition)
                            .collect(Collectors.toCollection(TreeSet::new)));
                }
                long owned = members.values().stream().mapToLong(Set::size).sum();
                if (members.size() == count && owned == 6 && members.values().stream().noneMatch(Set::isEmpty)) {
                    return members;
                }
                Supervisor.sleep(200);
            }
        }
        throw new AssertionError("the group did not settle on " + count + " members owning every partition within "
                + timeout.toSeconds() + " s; last seen " + members);
    }

    /** The read model's stored position of each partition. */
    private static Map<Integer, Long> positions(LocalSystem system) throws Exception {
        Map<Integer, Long> positions = new TreeMap<>();
        try (Connection c = system.connect(LocalSystem.READ_MODEL); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select partition, last_offset from journey.consumer_position where topic = '" + TOPIC + "'")) {
            while (rs.next()) {
                positions.put(rs.getInt(1), rs.getLong(2));
            }
        }
        return positions;
    }

    /** Seconds from {@code since} until one of the partitions' positions moved past {@code before}. */
    private static double awaitAdvanced(LocalSystem system, Set<Integer> partitions, Map<Integer, Long> before, Duration timeout,
                                        long since) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Map<Integer, Long> now = positions(system);
            if (partitions.stream().anyMatch(p -> now.getOrDefault(p, -1L) > before.getOrDefault(p, -1L))) {
                return (System.nanoTime() - since) / 1e9;
            }
            Supervisor.sleep(200);
        }
        throw new AssertionError("no position of partitions " + partitions + " moved within " + timeout.toSeconds() + " s");
    }

    private static void awaitRebuildFinished(LocalSystem system, URI queryUrl, Instant requested, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Http.Response listing = system.http().get(queryUrl.resolve("/api/v1/projections"), Duration.ofSeconds(30));
            for (var p : listing.json().path("projections")) {
                var last = p.path("lastRebuild");
                if ("journey".equals(p.path("name").asText()) && last.hasNonNull("finishedAt")
                        && !Instant.parse(last.path("startedAt").asText()).isBefore(requested.minusSeconds(1))) {
                    System.out.println("several-query-sides: the rebuild finished: " + last);
                    return;
                }
            }
            Supervisor.sleep(500);
        }
        throw new AssertionError("the rebuild did not finish within " + timeout.toSeconds() + " s");
    }

    /** Every partition's stored position is the last offset the topic holds. */
    private static void assertAtTopicEnd(LocalSystem system) throws Exception {
        Map<Integer, Long> ends = new TreeMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrapServers()))) {
            var request = new java.util.HashMap<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec>();
            for (int p = 0; p < 6; p++) {
                request.put(new TopicPartition(TOPIC, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp.partition(), info.offset() - 1));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<Integer, Long> positions = positions(system);
        while (!positions.equals(ends) && System.nanoTime() < deadline) {
            Supervisor.sleep(200);
            positions = positions(system);
        }
        assertThat(positions).as("stored positions against the topic's last offsets").isEqualTo(ends);
    }
}
