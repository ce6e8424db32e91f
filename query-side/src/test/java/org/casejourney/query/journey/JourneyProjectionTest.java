package org.casejourney.query.journey;

import org.casejourney.query.platform.TestProperties;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.casejourney.infrastructure.TestInfrastructure;
import org.casejourney.query.TestPseudonyms;
import org.casejourney.events.journey.JourneyFold;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** The projection handler called directly with topic records, on real PostgreSQL. */
class JourneyProjectionTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Instant DAY_ONE = NOW.minus(Duration.ofDays(200));

    private static HikariDataSource dataSource;
    private static JdbcTemplate jdbc;
    private static int topics;

    private SimpleMeterRegistry meters;
    private JourneyProjection projection;
    private KeptEvents kept;
    private String topic;

    @BeforeAll
    static void database() {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(infrastructure.newDatabase("query_projection"));
        // migrated here without the app's grants: as the owner, like every migration
        dataSource.setUsername(infrastructure.ownerUser());
        dataSource.setPassword(infrastructure.ownerPassword());
        dataSource.setMaximumPoolSize(2);
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @BeforeEach
    void projection() {
        meters = new SimpleMeterRegistry();
        projection = new JourneyProjection(new JourneyRows(jdbc), new ConsumerPositions(jdbc),
                new ParkedRecords(jdbc, TestPseudonyms.PSEUDONYMS), TestPseudonyms.PSEUDONYMS, kept = new KeptEvents(-1), new UnfoldedPeople(jdbc), new DataSourceTransactionManager(dataSource), meters, Clock.fixed(NOW, ZoneOffset.UTC), TestProperties.with());
        topic = "events-" + (++topics); // each test owns its partitions' positions
    }

    @Test
    void aBatchOfRecordedEventsBecomesThePersonsJourneyRow() {
        Events stream = Events.of("alice")
                .valueContact(DAY_ONE, 20, "pr-1")
                .faceToFaceAssessment(DAY_ONE.plus(Duration.ofDays(3)), 60, "pr-2")
                .caseClosed(DAY_ONE.plus(Duration.ofDays(10)))
                .failureContact(DAY_ONE.plus(Duration.ofDays(40)), "REPEAT_CONTACT", 15, "pr-1");

        projection.project(stream.records(topic, 0, 0));

        assertThat(journeyRow("alice")).containsAllEntriesOf(Map.ofEntries(
                Map.entry("events", 4), Map.entry("contacts", 2), Map.entry("value_contacts", 1),
                Map.entry("failure_contacts", 1), Map.entry("assessments", 1), Map.entry("people_involved", 2),
                Map.entry("total_minutes", 95L), Map.entry("face_to_face_minutes", 60L), Map.entry("episodes", 2),
                Map.entry("open", true), Map.entry("returned", true), Map.entry("last_sequence", 3L),
                Map.entry("last_global_position", 1003L)));
        assertThat(jdbc.queryForList("select type from journey_event where person_id = ? order by sequence", String.class,
                TestPseudonyms.of("alice")))
                .containsExactly("ContactRecorded", "AssessmentCompleted", "CaseClosed", "ContactRecorded");
        assertThat(position(0)).isEqualTo(3);
        assertThat(meters.counter("casejourney.projection.projected").count()).isEqualTo(4);
    }

    @Test
    void eventsArrivingInSeveralBatchesAreFoldedTogether() {
        List<ConsumerRecord<String, String>> records = Events.of("bob")
                .valueContact(DAY_ONE, 10, "pr-1")
                .caseClosed(DAY_ONE.plus(Duration.ofDays(1)))
                .failureContact(DAY_ONE.plus(Duration.ofDays(120)), "PROGRESS_CHASING", 10, "pr-3")
                .records(topic, 2, 40);

        projection.project(records.subList(0, 2));
        projection.project(records.subList(2, 3));

        assertThat(journeyRow("bob")).containsAllEntriesOf(Map.of(
                "events", 3, "contacts", 2, "failure_contacts", 1, "episodes", 2, "open", true,
                "returned", false, "people_involved", 2));
        assertThat(position(2)).isEqualTo(42);
    }

    @Test
    void redeliveringTheSameRecordsLeavesTheJourneyUnchanged() {
        List<ConsumerRecord<String, String>> records = Events.of("carol")
                .valueContact(DAY_ONE, 20, "pr-1")
                .failureContact(DAY_ONE.plus(Duration.ofDays(2)), "NO_RESPONSE", 5, "pr-1")
                .caseClosed(DAY_ONE.plus(Duration.ofDays(9)))
                .records(topic, 1, 0);
        projection.project(records);
        Map<String, Object> before = journeyRow("carol");
        List<String> eventsBefore = storedPayloads("carol");

        JourneyProjection.Outcome redelivered = projection.project(records);
        List<ConsumerRecord<String, String>> republished = new ArrayList<>();
        records.forEach(r -> republished.add(Events.record(topic, 1, r.offset() + 100, r.key(), r.value())));
        JourneyProjection.Outcome duplicates = projection.project(republished);

        assertThat(redelivered).isEqualTo(new JourneyProjection.Outcome(0, 3, 0));
        assertThat(duplicates).isEqualTo(new JourneyProjection.Outcome(0, 3, 0));
        assertThat(journeyRow("carol")).isEqualTo(before);
        assertThat(storedPayloads("carol")).isEqualTo(eventsBefore);
        assertThat(position(1)).isEqualTo(102);
        assertThat(meters.counter("casejourney.projection.projected").count()).isEqualTo(3);
        assertThat(meters.counter("casejourney.projection.redelivered").count()).isEqualTo(6);
    }

    @Test
    void aRecordAtOrBelowTheStoredPositionIsSkippedWhateverItCarries() {
        projection.project(Events.of("dave").valueContact(DAY_ONE, 10, "pr-1").records(topic, 3, 7));
        List<ConsumerRecord<String, String>> replayedOffset = Events.of("dave")
                .valueContact(DAY_ONE, 10, "pr-1")
                .failureContact(DAY_ONE.plus(Duration.ofDays(1)), "OTHER", 10, "pr-1")
                .records(topic, 3, 6); // offsets 6 and 7, both already behind the position

        projection.project(replayedOffset);

        assertThat(journeyRow("dave")).containsAllEntriesOf(Map.of("events", 1, "contacts", 1, "failure_contacts", 0));
        assertThat(position(3)).isEqualTo(7);
    }

    @Test
    void aRecordThatCannotBeReadIsParkedAndTheRestOfThePartitionIsProjected() {
        List<ConsumerRecord<String, String>> good = Events.of("erin")
                .valueContact(DAY_ONE, 10, "pr-1")
                .failureContact(DAY_ONE.plus(Duration.ofDays(1)), "WRONGLY_ROUTED", 10, "pr-2")
                .records(topic, 0, 0);
        String otherPersonsEvent = Events.of("frank").valueContact(DAY_ONE, 10, "pr-1").records(topic, 0, 0).get(0).value();
        List<ConsumerRecord<String, String>> batch = List.of(
                good.get(0),
                Events.record(topic, 0, 1, "garbage-1", "{\"personId\": \"garbage-1\", \"sequence\": "),
                Events.record(topic, 0, 2, "zed", otherPersonsEvent),
                Events.record(topic, 0, 3, "erin", good.get(1).value()));

        JourneyProjection.Outcome outcome = projection.project(batch);
        projection.project(batch);

        assertThat(outcome).isEqualTo(new JourneyProjection.Outcome(2, 0, 2));
        assertThat(journeyRow("erin")).containsAllEntriesOf(Map.of("events", 2, "contacts", 2, "failure_contacts", 1));
        assertThat(jdbc.queryForList("select record_offset, record_key, reason, payload from parked_record where topic = ? order by record_offset", topic))
                .satisfiesExactly(
                        first -> assertThat(first).containsEntry("record_offset", 1L).containsEntry("record_key", "garbage-1")
                                .containsEntry("payload", "{\"personId\": \"garbage-1\", \"sequence\": ")
                                .hasEntrySatisfying("reason", r -> assertThat((String) r).startsWith("not a RecordedEvent")),
                        second -> assertThat(second).containsEntry("record_offset", 2L)
                                .containsEntry("reason", "record key zed is not the event's personId frank"));
        assertThat(position(0)).isEqualTo(3);
        assertThat(meters.counter("casejourney.projection.parked").count()).isEqualTo(2);
    }

    @Test
    void recordsAsBinaryOrStructuredCloudEventsOrFromBeforeCloudEventsAreProjectedAlike() {
        List<ConsumerRecord<String, String>> plain = Events.of("cleo")
                .valueContact(DAY_ONE, 10, "pr-1")
                .failureContact(DAY_ONE.plus(Duration.ofDays(1)), "WRONGLY_ROUTED", 10, "pr-2")
                .valueContact(DAY_ONE.plus(Duration.ofDays(2)), 10, "pr-1")
                .records(topic, 1, 0);
        List<ConsumerRecord<String, String>> batch = List.of(plain.get(0), cloudEvent(plain.get(1), false, null), cloudEvent(plain.get(2), true, null));

        JourneyProjection.Outcome outcome = projection.project(batch);

        assertThat(outcome.parked()).isZero();
        assertThat(journeyRow("cleo")).containsAllEntriesOf(Map.of("events", 3, "contacts", 3, "failure_contacts", 1));
        assertThat(position(1)).isEqualTo(2);
    }

    @Test
    void aCloudEventWhoseAttributesContradictItsEnvelopeIsParkedAndOneInStructuredModeIsParkedAsItsEnvelope() {
        List<ConsumerRecord<String, String>> sent = Events.of("dora")
                .valueContact(DAY_ONE, 10, "pr-1")
                .valueContact(DAY_ONE.plus(Duration.ofDays(1)), 10, "pr-1")
                .records(topic, 2, 0);

        projection.project(List.of(cloudEvent(sent.get(0), false, "not-the-event-id"), cloudEvent(sent.get(1), true, null)));

        assertThat(jdbc.queryForList("select reason from parked_record where topic = ? order by record_offset", String.class, topic))
                .satisfiesExactly(
                        first -> assertThat(first).startsWith("CloudEvent id not-the-event-id is not the event's eventId"),
                        second -> assertThat(second).isEqualTo("blocked behind parked record " + topic + "/2/0"));
        // the structured one waits behind the first, as its envelope: a replay reads it like any other parked record
        String payload = jdbc.queryForObject("select payload from parked_record where topic = ? and record_offset = 1", String.class, topic);
        assertThat(payload).startsWith("{\"personId\"");
    }

    @Test
    void aBinaryCloudEventWithoutARequiredAttributeIsParkedNamingIt() {
        ConsumerRecord<String, String> dirk = Events.of("dirk").valueContact(DAY_ONE, 10, "pr-1").records(topic, 5, 0).get(0);
        ConsumerRecord<String, String> dina = Events.of("dina").valueContact(DAY_ONE, 10, "pr-1").records(topic, 5, 1).get(0);
        ConsumerRecord<String, String> noSource = without(cloudEvent(dirk, false, null), "ce_source");
        ConsumerRecord<String, String> neither = without(without(cloudEvent(dina, false, null), "ce_id"), "ce_type");

        JourneyProjection.Outcome outcome = projection.project(List.of(noSource, neither));

        assertThat(outcome.projected()).isZero();
        assertThat(jdbc.queryForList("select reason from parked_record where topic = ? and partition = 5 order by record_offset", String.class, topic))
                .containsExactly("not a CloudEvent: the required attribute source is missing",
                        "not a CloudEvent: the required attributes id, type are missing");
    }

    /** The record without one of its headers. */
    private static ConsumerRecord<String, String> without(ConsumerRecord<String, String> record, String header) {
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders(record.headers().toArray());
        headers.remove(header);
        return new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.timestamp(), record.timestampType(),
                -1, -1, record.key(), record.value(), headers, java.util.Optional.empty());
    }

    @Test
    void aLaterMinorVersionIsReadWithoutItsNewFieldsAndAnotherMajorIsParked() {
        List<ConsumerRecord<String, String>> sent = Events.of("ezra")
                .valueContact(DAY_ONE, 10, "pr-1")
                .valueContact(DAY_ONE.plus(Duration.ofDays(1)), 10, "pr-1")
                .records(topic, 3, 0);
        // the event as a later minor version writes it: one optional field more
        String withNewField = sent.get(0).value().replace("\"type\":\"ContactRecorded\",", "\"type\":\"ContactRecorded\",\"language\":\"cy\",");
        assertThat(withNewField).contains("\"language\":\"cy\"");
        ConsumerRecord<String, String> laterMinor = withSchema(cloudEvent(sent.get(0), false, null), "urn:casejourney:schema:ContactRecorded:1.7", withNewField);
        ConsumerRecord<String, String> otherMajor = withSchema(cloudEvent(sent.get(1), false, null), "urn:casejourney:schema:ContactRecorded:2.0", null);

        JourneyProjection.Outcome outcome = projection.project(List.of(laterMinor, otherMajor));
        // without a version saying otherwise (a record from before CloudEvents), a field this reader does not know is an error
        projection.project(List.of(new ConsumerRecord<>(topic, 4, 0, "ezra-2", withNewField.replace("ezra", "ezra-2"))));

        assertThat(outcome.projected()).isEqualTo(1);
        assertThat(journeyRow("ezra")).containsAllEntriesOf(Map.of("events", 1, "contacts", 1));
        assertThat(jdbc.queryForList("select reason from parked_record where topic = ? order by partition, record_offset", String.class, topic))
                .satisfiesExactly(
                        first -> assertThat(first).startsWith("schema ContactRecorded 2.0 is of another major version than this reader's 1.0"),
                        second -> assertThat(second).startsWith("not a RecordedEvent").contains("language"));
    }

    /** The record with its ce_dataschema header replaced and, when given, its value. */
    private static ConsumerRecord<String, String> withSchema(ConsumerRecord<String, String> record, String dataSchema, String value) {
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders(record.headers().toArray());
        headers.remove("ce_dataschema");
        headers.add("ce_dataschema", dataSchema.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.timestamp(), record.timestampType(),
                -1, -1, record.key(), value != null ? value : record.value(), headers, java.util.Optional.empty());
    }

    /** The record as the CloudEvents SDK writes it in binary mode (attributes as headers) or structured mode (the whole event as the value). */
    private static ConsumerRecord<String, String> cloudEvent(ConsumerRecord<String, String> record, boolean structured, String otherId) {
        org.casejourney.events.RecordedEvent recorded = org.casejourney.events.EventJson.read(record.value(), org.casejourney.events.RecordedEvent.class);
        io.cloudevents.CloudEvent event = io.cloudevents.core.builder.CloudEventBuilder.v1()
                .withId(otherId != null ? otherId : recorded.event().eventId())
                .withSource(java.net.URI.create("urn:casejourney:event-store"))
                .withType("org.casejourney." + recorded.event().type())
                .withSubject(record.key())
                .withTime(recorded.recordedAt().atOffset(ZoneOffset.UTC))
                .withData("application/json", record.value().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .build();
        var writer = io.cloudevents.kafka.KafkaMessageFactory.createWriter(record.topic(), record.key());
        var written = structured ? writer.writeStructured(event, io.cloudevents.jackson.JsonFormat.CONTENT_TYPE) : writer.writeBinary(event);
        return new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.timestamp(), record.timestampType(),
                -1, -1, record.key(), new String(written.value(), java.nio.charset.StandardCharsets.UTF_8), written.headers(), java.util.Optional.empty());
    }

    @Test
    void aParkedRecordHoldsUpThatPersonsLaterRecordsAndNobodyElses() {
        List<ConsumerRecord<String, String>> erin = Events.of("erin2")
                .valueContact(DAY_ONE, 10, "pr-1")
                .failureContact(DAY_ONE.plus(Duration.ofDays(1)), "NO_RESPONSE", 10, "pr-1")
                .failureContact(DAY_ONE.plus(Duration.ofDays(2)), "NO_RESPONSE", 10, "pr-1")
                .records(topic, 0, 0);
        List<ConsumerRecord<String, String>> frank = Events.of("frank2")
                .valueContact(DAY_ONE, 10, "pr-1")
                .caseClosed(DAY_ONE.plus(Duration.ofDays(3)))
                .records(topic, 1, 0);

        projection.project(List.of(erin.get(0)));
        JourneyProjection.Outcome poisoned = projection.project(List.of(
                Events.record(topic, 0, 1, "erin2", "{not json"), frank.get(0)));
        JourneyProjection.Outcome later = projection.project(List.of(
                Events.record(topic, 0, 2, "erin2", erin.get(1).value()),
                Events.record(topic, 0, 3, "erin2", erin.get(2).value()),
                frank.get(1)));

        assertThat(poisoned).isEqualTo(new JourneyProjection.Outcome(1, 0, 1));
        assertThat(later).isEqualTo(new JourneyProjection.Outcome(1, 0, 2));
        assertThat(journeyRow("erin2")).containsAllEntriesOf(Map.of("events", 1, "contacts", 1));
        assertThat(journeyRow("frank2")).containsAllEntriesOf(Map.of("events", 2, "open", false));
        assertThat(jdbc.queryForList("select reason from parked_record where topic = ? order by record_offset", String.class, topic))
                .satisfiesExactly(
                        first -> assertThat(first).startsWith("not a RecordedEvent"),
                        second -> assertThat(second).isEqualTo("blocked behind parked record " + topic + "/0/1"),
                        third -> assertThat(third).isEqualTo("blocked behind parked record " + topic + "/0/1"));
        assertThat(position(0)).isEqualTo(3);
        assertThat(position(1)).isEqualTo(1);
    }

    @Test
    void theEventsBeforeAnUnfoldableOneAreAppliedAndItAndTheLaterOnesParked() {
        Events stream = Events.of("ivy")
                .valueContact(DAY_ONE, 10, "pr-1")
                .correction(DAY_ONE.plus(Duration.ofDays(1)), 0, Map.of("channel", "CARRIER_PIGEON"))
                .failureContact(DAY_ONE.plus(Duration.ofDays(2)), "OTHER", 10, "pr-1");

        JourneyProjection.Outcome outcome = projection.project(stream.records(topic, 5, 0));

        assertThat(outcome).isEqualTo(new JourneyProjection.Outcome(1, 0, 2));
        assertThat(journeyRow("ivy")).containsAllEntriesOf(Map.of("events", 1, "contacts", 1));
        assertThat(jdbc.queryForList("select reason from parked_record where topic = ? order by record_offset", String.class, topic))
                .satisfiesExactly(
                        first -> assertThat(first).startsWith("the person's journey could not be folded with this event"),
                        second -> assertThat(second).isEqualTo("blocked behind parked record " + topic + "/5/1"));
    }

    @Test
    void replayingParkedRecordsAppliesThemInTheirOrderOnceTheCauseIsGone() {
        List<ConsumerRecord<String, String>> jon = Events.of("jon")
                .valueContact(DAY_ONE, 10, "pr-1")
                .caseClosed(DAY_ONE.plus(Duration.ofDays(5)))
                .failureContact(DAY_ONE.plus(Duration.ofDays(30)), "REPEAT_CONTACT", 10, "pr-2")
                .records(topic, 6, 0);
        // event ids are held as pseudonyms (SenderIds)
        jdbc.execute("alter table journey_event add constraint refuse_jon_e1 check (event_id <> '" + TestPseudonyms.of("jon-e1") + "')");
        try {
            projection.project(jon.subList(0, 2));
            projection.project(jon.subList(2, 3));
            assertThat(journeyRow("jon")).containsEntry("events", 1);
            assertThat(jdbc.queryForObject("select count(*) from parked_record where record_key = 'jon'", Long.class)).isEqualTo(2);
        } finally {
            jdbc.execute("alter table journey_event drop constraint refuse_jon_e1");
        }

        JourneyProjection.Replay replayed = projection.replayParked();

        assertThat(replayed.outcome().projected()).isEqualTo(2);
        assertThat(replayed.taken()).isGreaterThanOrEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from parked_record where record_key = 'jon'", Long.class)).isZero();
        assertThat(journeyRow("jon")).containsAllEntriesOf(Map.of("events", 3, "episodes", 2, "returned", true, "open", true));
        assertThat(storedPayloads("jon")).hasSize(3);
    }

    @Test
    void aParkedRecordCannotForgeLogLinesThroughItsReason() {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(ParkedRecords.class);
        logged.start();
        logger.addAppender(logged);
        try {
            // the reason quotes the key, which the sender chose
            String key = "mallory\r\n2026-06-01 12:00:00 INFO  forged: rebuild finished\u001b[2J";
            ConsumerRecord<String, String> sent = Events.of("mallory").valueContact(DAY_ONE, 10, "pr-1").records(topic, 0, 0).get(0);
            projection.project(List.of(new ConsumerRecord<>(topic, 0, 0, key, sent.value())));
        } finally {
            logger.detachAppender(logged);
        }

        assertThat(logged.list).hasSize(1);
        String line = logged.list.get(0).getFormattedMessage();
        assertThat(line).doesNotContain("\r", "\n", "\u001b").contains("mallory\\u000d\\u000a2026-06-01", "\\u001b[2J");
    }

    @Test
    void anEventTheDatabaseCannotStoreIsParkedWithoutHoldingUpOtherPeople() {
        List<ConsumerRecord<String, String>> batch = new ArrayList<>();
        batch.addAll(Events.of("gina").contactBy(DAY_ONE, "a NUL \u0000 that jsonb refuses").records(topic, 4, 0));
        batch.addAll(Events.of("hugo").contactBy(DAY_ONE, "fine").records(topic, 4, 1));

        JourneyProjection.Outcome outcome = projection.project(batch);

        assertThat(outcome).isEqualTo(new JourneyProjection.Outcome(1, 0, 1));
        assertThat(journeyRow("hugo")).containsEntry("contacts", 1);
        assertThat(jdbc.queryForList("select person_id from journey where person_id in (?, ?)", String.class,
                TestPseudonyms.of("gina"), TestPseudonyms.of("hugo"))).containsExactly(TestPseudonyms.of("hugo"));
        assertThat(jdbc.queryForObject("select reason from parked_record where topic = ? and record_offset = 0", String.class, topic))
                .startsWith("the database refused the event");
        assertThat(position(4)).isEqualTo(1);
    }

    @Test
    void aPersonIsHeldUnderTheirPseudonymAndWithoutTheirPersonalText() {
        Events stream = Events.of("lena")
                .contactSaying(DAY_ONE, "marker-lena-wants-to-stay-home")
                .correction(DAY_ONE.plus(Duration.ofDays(1)), 0, Map.of("whatMatters", "marker-lena-corrected"));

        projection.project(stream.records(topic, 0, 0));

        String pseudonym = TestPseudonyms.of("lena");
        assertThat(pseudonym).startsWith("ps-").hasSize(29);
        assertThat(journeyRow("lena")).containsEntry("person_id", pseudonym).containsEntry("contacts", 1);
        assertThat(storedPayloads("lena")).hasSize(2).allSatisfy(payload -> assertThat(payload)
                .contains(pseudonym)
                .doesNotContain("\"lena\"", "marker-lena", "entered wrongly"));
        assertThat(jdbc.queryForObject("select count(*) from journey_event where person_id = 'lena'", Long.class)).isZero();
    }

    @Test
    void anErasureOfPersonalDataChangesNoMeasureAndNoFact() {
        Events stream = Events.of("kim")
                .valueContact(DAY_ONE, 20, "pr-1")
                .faceToFaceAssessment(DAY_ONE.plus(Duration.ofDays(3)), 60, "pr-2")
                .caseClosed(DAY_ONE.plus(Duration.ofDays(10)))
                .failureContact(DAY_ONE.plus(Duration.ofDays(40)), "REPEAT_CONTACT", 15, "pr-1")
                .personalDataErased(DAY_ONE.plus(Duration.ofDays(50)));
        List<ConsumerRecord<String, String>> records = stream.records(topic, 0, 0);
        projection.project(records.subList(0, 4));
        Map<String, Object> before = journeyRow("kim");
        Map<String, List<String>> factsBefore = new java.util.LinkedHashMap<>();
        List<String> tables = List.of("fact_contact", "fact_episode", "fact_referral", "fact_handoff", "fact_person");
        tables.forEach(t -> factsBefore.put(t, facts(t, "kim")));
        List<String> dailyBefore = jdbc.queryForList("select to_jsonb(d)::text from failure_demand_daily d order by 1", String.class);

        JourneyProjection.Outcome outcome = projection.project(records.subList(4, 5));

        assertThat(outcome).isEqualTo(new JourneyProjection.Outcome(1, 0, 0));
        assertThat(storedPayloads("kim")).hasSize(5).last().asString().contains("PersonalDataErased");
        Map<String, Object> after = new java.util.HashMap<>(journeyRow("kim"));
        assertThat(after).containsEntry("events", 5).containsEntry("last_sequence", 4L);
        List.of("events", "last_sequence", "last_global_position", "updated_at").forEach(column -> {
            after.remove(column);
            before.remove(column);
        });
        assertThat(after).isEqualTo(before);
        tables.forEach(t -> assertThat(facts(t, "kim")).as(t).isEqualTo(factsBefore.get(t)));
        assertThat(jdbc.queryForList("select to_jsonb(d)::text from failure_demand_daily d order by 1", String.class)).isEqualTo(dailyBefore);
    }

    @Test
    void aPersonWhoseEventsSpanManyBatchesFoldsToTheJourneyOfOneBatch() {
        List<ConsumerRecord<String, String>> spread = longStream("mia").records(topic, 0, 0);
        List<ConsumerRecord<String, String>> together = longStream("noa").records(topic, 1, 0);

        spread.forEach(record -> projection.project(List.of(record)));
        projection.project(together);

        assertThat(spread).hasSize(8);
        assertThat(comparable("mia")).isEqualTo(comparable("noa"));
    }

    @Test
    void theFactRowsAndTheFoldABatchMadeAreKeptForTheNextAndGiveWhatFoldingTheHistoryAgainGives() {
        List<ConsumerRecord<String, String>> keptRows = longStream("ola").records(topic, 0, 0);
        List<ConsumerRecord<String, String>> foldedAgain = longStream("pim").records(topic, 1, 0);
        JourneyProjection keepingNothing = new JourneyProjection(new JourneyRows(jdbc), new ConsumerPositions(jdbc),
                new ParkedRecords(jdbc, TestPseudonyms.PSEUDONYMS), TestPseudonyms.PSEUDONYMS, new KeptEvents(0), new UnfoldedPeople(jdbc),
                new DataSourceTransactionManager(dataSource), meters, Clock.fixed(NOW, ZoneOffset.UTC), TestProperties.with());

        String ola = TestPseudonyms.of("ola");
        for (int i = 0; i < keptRows.size(); i++) {
            projection.project(List.of(keptRows.get(i)));
            keepingNothing.project(List.of(foldedAgain.get(i)));
            FactRows rows = kept.of(List.of(ola)).get(ola).rows();
            assertThat(rows).as("the rows written by batch %d are kept with the events", i).isNotNull();
            assertThat(rows.contacts().stream().map(row -> (String) row[1]).sorted().toList())
                    .as("the contact rows kept after batch %d are those stored", i)
                    .isEqualTo(jdbc.queryForList("select event_id from fact_contact where person_id = ? order by event_id", String.class, ola));
            KeptEvents.Kept kept = this.kept.of(List.of(ola)).get(ola);
            assertThat(kept.fold()).as("the fold made by batch %d is kept with the events", i).isNotNull();
            assertThat(kept.fold().at(NOW)).as("the fold kept after batch %d, gone on from the one before where it could", i)
                    .isEqualTo(JourneyFold.fold(ola, kept.events(), NOW));
        }

        // the stream's seventh event corrects its fifth, so one batch rewrote the rows whole and the others only added
        assertThat(comparable("ola")).isEqualTo(comparable("pim"));
        assertDailyCountsEqualACountOfTheFactRows();
    }

    @Test
    void aNewEventAddsItsFactRowsWithoutRewritingTheRowsOfEarlierOnesAndCountsStayExact() {
        List<ConsumerRecord<String, String>> records = monthOfContacts("quentin").caseClosed(DAY_ONE.plus(Duration.ofDays(31)))
                .failureContact(DAY_ONE.plus(Duration.ofDays(50)), "REPEAT_CONTACT", 5, "pr-9")
                .records(topic, 0, 0);
        String firstRow = "select xmin::text from fact_contact where person_id = ? and occurred_at = ?";
        projection.project(records.subList(0, 20));
        String firstRowVersion = jdbc.queryForObject(firstRow, String.class, TestPseudonyms.of("quentin"), java.sql.Timestamp.from(DAY_ONE));

        for (int i = 20; i < records.size(); i++) {
            projection.project(records.subList(i, i + 1));
        }

        assertThat(jdbc.queryForObject(firstRow, String.class, TestPseudonyms.of("quentin"), java.sql.Timestamp.from(DAY_ONE)))
                .as("the first contact's row, written by the first batch, was never rewritten").isEqualTo(firstRowVersion);
        assertThat(facts("fact_contact", "quentin")).hasSize(31);
        assertThat(facts("fact_episode", "quentin")).hasSize(2);
        assertDailyCountsEqualACountOfTheFactRows();
    }

    @Test
    void aContactArrivingOutOfItsTimeOrderAddsItsRowWithoutRewritingTheOthersAndCountsStayExact() {
        List<ConsumerRecord<String, String>> late = lateContact("rosa").records(topic, 0, 0);
        List<ConsumerRecord<String, String>> together = lateContact("sara").records(topic, 1, 0);
        String firstRow = "select xmin::text from fact_contact where person_id = ? and occurred_at = ?";
        projection.project(late.subList(0, late.size() - 1));
        String firstRowVersion = jdbc.queryForObject(firstRow, String.class, TestPseudonyms.of("rosa"), java.sql.Timestamp.from(DAY_ONE));

        projection.project(late.subList(late.size() - 1, late.size()));
        projection.project(together);

        assertThat(jdbc.queryForObject(firstRow, String.class, TestPseudonyms.of("rosa"), java.sql.Timestamp.from(DAY_ONE)))
                .as("the first contact's row was not rewritten for one dated before others").isEqualTo(firstRowVersion);
        assertThat(facts("fact_contact", "rosa")).hasSize(10);
        assertThat(comparable("rosa")).isEqualTo(comparable("sara"));
        assertDailyCountsEqualACountOfTheFactRows();
    }

    private void assertDailyCountsEqualACountOfTheFactRows() {
        assertThat(jdbc.queryForList("select to_jsonb(d)::text from failure_demand_daily d order by 1", String.class))
                .as("the daily counts equal a count of the fact rows").isEqualTo(jdbc.queryForList(
                        "select to_jsonb(d)::text from (select service, day, coalesce(team, '') as team, channel,"
                                + " coalesce(failure_category, '') as failure_category, count(*)::int as contacts from fact_contact"
                                + " group by 1, 2, 3, 4, 5) d order by 1", String.class));
    }

    /** Thirty contacts of one open episode, a day apart, every third one failure demand. */
    private static Events monthOfContacts(String personId) {
        Events stream = Events.of(personId);
        for (int day = 0; day < 30; day++) {
            stream = day % 3 == 0 ? stream.failureContact(DAY_ONE.plus(Duration.ofDays(day)), "PROGRESS_CHASING", 5, "pr-" + day % 4)
                    : stream.valueContact(DAY_ONE.plus(Duration.ofDays(day)), 10, "pr-" + day % 4);
        }
        return stream;
    }

    /** Ten contacts of one open episode, the one of the sixth day recorded last. */
    private static Events lateContact(String personId) {
        Events stream = Events.of(personId);
        for (int day = 0; day < 10; day++) {
            if (day != 5) {
                stream = day % 3 == 0 ? stream.failureContact(DAY_ONE.plus(Duration.ofDays(day)), "PROGRESS_CHASING", 5, "pr-" + day % 4)
                        : stream.valueContact(DAY_ONE.plus(Duration.ofDays(day)), 10, "pr-" + day % 4);
            }
        }
        return stream.failureContact(DAY_ONE.plus(Duration.ofDays(5)), "PROGRESS_CHASING", 5, "pr-1");
    }

    @Test
    void aCatchUpFarBehindStoresEventsAndFoldsEachPersonOnceAtTheEnd() {
        List<ConsumerRecord<String, String>> deferred = longStream("oli").records(topic, 0, 0);
        List<ConsumerRecord<String, String>> live = longStream("pia").records(topic, 1, 0);

        for (int i = 0; i < deferred.size(); i += 3) {
            projection.project(deferred.subList(i, Math.min(deferred.size(), i + 3)), true);
        }
        assertThat(jdbc.queryForObject("select count(*) from journey where person_id = ?", Long.class, TestPseudonyms.of("oli"))).isZero();
        assertThat(storedPayloads("oli")).hasSize(8);
        assertThat(position(0)).isEqualTo(7);
        assertThat(lifecycle().unfoldedCount()).isEqualTo(1); // the listing shows them waiting, though no record does
        String oli = TestPseudonyms.of("oli");
        KeptEvents.Kept checked = kept.of(List.of(oli)).get(oli);
        assertThat(checked.fold()).as("the deferred batches' checks keep the fold they made, for the deferred fold").isNotNull();
        assertThat(checked.fold().at(NOW)).isEqualTo(JourneyFold.fold(oli, checked.events(), NOW));
        int folded = projection.foldDeferred();
        projection.project(live);

        assertThat(folded).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from journey_unfolded", Long.class)).isZero();
        assertThat(lifecycle().unfoldedCount()).isZero();
        assertThat(comparable("oli")).isEqualTo(comparable("pia"));
        assertThat(projection.foldDeferred()).isZero();
    }

    @Test
    void aDeferredFoldRunsBesideTheLiveBatchesThatFollowAndEndsAsIfEveryEventHadComeLive() throws InterruptedException {
        projection.foldDeferred(); // what earlier tests left
        List<ConsumerRecord<String, String>> control = longStream("ctl").records(topic, 100, 0);
        projection.project(control);
        List<List<ConsumerRecord<String, String>>> people = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            List<ConsumerRecord<String, String>> records = longStream("bg-" + i).records(topic, i, 0);
            projection.project(records.subList(0, 6), true); // a catch-up far behind: stored, fold deferred
            people.add(records);
        }
        assertThat(lifecycle().unfoldedCount()).isEqualTo(40);

        projection.foldInBackground();
        for (List<ConsumerRecord<String, String>> records : people) {
            projection.project(records.subList(6, 8)); // live batches while the fold goes on, for people it has or has not reached
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (projection.folding() || lifecycle().unfoldedCount() > 0) {
            assertThat(System.nanoTime()).as("deferred fold finished within a minute").isLessThan(deadline);
            Thread.sleep(20);
        }

        for (int i = 0; i < 40; i++) {
            assertThat(storedPayloads("bg-" + i)).hasSize(8);
            assertThat(comparable("bg-" + i)).as("bg-" + i).isEqualTo(comparable("ctl"));
        }
        assertThat(projection.foldDeferred()).isZero();
    }

    @Test
    void aCatchUpsFoldAddsOnlyTheRowsItsEventsBringForPeopleWhoseRowsWereKeptAndEndsAsIfEveryEventHadComeLive() {
        projection.foldDeferred(); // what earlier tests left
        List<ConsumerRecord<String, String>> grow = monthOfContacts("grow").records(topic, 0, 0);
        List<ConsumerRecord<String, String>> corrected = longStream("corrected").records(topic, 1, 0);
        projection.project(monthOfContacts("grown").records(topic, 2, 0));
        projection.project(longStream("ctl").records(topic, 3, 0));
        projection.project(grow.subList(0, 20));
        projection.project(corrected.subList(0, 3));
        String firstRow = "select xmin::text from fact_contact where person_id = ? and occurred_at = ?";
        String firstRowVersion = jdbc.queryForObject(firstRow, String.class, TestPseudonyms.of("grow"), java.sql.Timestamp.from(DAY_ONE));

        for (int i = 20; i < grow.size(); i += 3) {
            projection.project(grow.subList(i, Math.min(grow.size(), i + 3)), true); // a catch-up far behind: stored, fold deferred
        }
        projection.project(corrected.subList(3, corrected.size()), true); // its correction changes an earlier row
        String grower = TestPseudonyms.of("grow");
        KeptEvents.StoredRows stored = kept.of(List.of(grower)).get(grower).stored();
        assertThat(stored.of()).as("the rows as stored are those of the events before the catch-up").isEqualTo(20);
        assertThat(stored.wentOnWith()).as("the fold went on with every event of the catch-up").isEqualTo(10);
        assertThat(lifecycle().unfoldedCount()).isEqualTo(2);
        assertThat(projection.foldDeferred()).isEqualTo(2);

        assertThat(jdbc.queryForObject(firstRow, String.class, grower, java.sql.Timestamp.from(DAY_ONE)))
                .as("the first contact's row, written before the catch-up, was not rewritten by its fold").isEqualTo(firstRowVersion);
        assertThat(comparable("grow")).isEqualTo(comparable("grown"));
        assertThat(comparable("corrected")).isEqualTo(comparable("ctl"));
        assertThat(kept.of(List.of(grower)).get(grower).rows()).as("the fold's rows are kept for the next live batch").isNotNull();
        assertDailyCountsEqualACountOfTheFactRows();
    }

    @Test
    void aRebuildStartingFreesTheEventsTheLiveProjectionKeptAndLiveBatchesKeepThemAgain() {
        List<ConsumerRecord<String, String>> records = Events.of("zoe").valueContact(DAY_ONE, 10, "pr-1")
                .failureContact(DAY_ONE.plus(Duration.ofDays(1)), "PROGRESS_CHASING", 10, "pr-1").records(topic, 0, 0);
        projection.project(records.subList(0, 1));
        assertThat(kept.size(TestPseudonyms.of("zoe"))).isEqualTo(1);
        JourneyLifecycle lifecycle = lifecycle();

        lifecycle.rebuilding();

        assertThat(kept.size(TestPseudonyms.of("zoe"))).isEqualTo(-1);
        projection.project(records.subList(1, 2));
        assertThat(kept.size(TestPseudonyms.of("zoe"))).isEqualTo(2); // read back from the rows with the new one
        assertThat(journeyRow("zoe")).containsEntry("events", 2);
    }

    @Test
    void aCatchUpsFoldTakesPeopleUpToItsBoundOfEventsButAlwaysOne() {
        UnfoldedPeople unfolded = unfoldedAfterACatchUp("tia", "uma", "vic");

        // 8 + 1 events fit a bound of 9, 8 + 8 do not: whichever comes first, vic and one of the others
        List<String> first = unfolded.take(10, 9, FROM_ROWS);
        // one person of 8 events is taken alone even past a bound of 1
        List<String> second = unfolded.take(10, 1, FROM_ROWS);

        assertThat(first).hasSize(2).contains(TestPseudonyms.of("vic"));
        assertThat(second).hasSize(1);
        assertThat(List.of(first.get(0), first.get(1), second.get(0)))
                .containsExactlyInAnyOrder(TestPseudonyms.of("tia"), TestPseudonyms.of("uma"), TestPseudonyms.of("vic"));
        assertThat(unfolded.take(10, 100, FROM_ROWS)).isEmpty();
    }

    @Test
    void aCatchUpsFoldCountsTheEventsItKeepsInMemoryAndReadsTheOthersFromTheRows() {
        UnfoldedPeople unfolded = unfoldedAfterACatchUp("wes", "xan", "yve");
        String wes = TestPseudonyms.of("wes");
        String xan = TestPseudonyms.of("xan");
        String yve = TestPseudonyms.of("yve");

        // wes is said to hold 1 event (as if kept); the others are counted from their rows, xan 8 and yve 1
        List<String> underTwo = unfolded.take(10, 2, personId -> personId.equals(wes) ? 1 : -1);
        unfolded.add(underTwo);
        List<String> underTen = unfolded.take(10, 10, personId -> personId.equals(wes) ? 1 : -1);

        // in whatever order they come: 1 + 8 + 1 do not fit 2, so xan's rows were counted
        assertThat(underTwo).hasSizeBetween(1, 2);
        // 1 + 8 + 1 fit 10, where wes's 8 rows would not (8 + 8 + 1): the count said stood in for them
        assertThat(underTen).containsExactlyInAnyOrder(wes, xan, yve);
    }

    @Test
    void aCatchUpParksAnUnfoldableEventAndTheLaterOnesAsALiveBatchWould() {
        Events stream = Events.of("quin")
                .valueContact(DAY_ONE, 10, "pr-1")
                .correction(DAY_ONE.plus(Duration.ofDays(1)), 0, Map.of("channel", "CARRIER_PIGEON"))
                .failureContact(DAY_ONE.plus(Duration.ofDays(2)), "OTHER", 10, "pr-1");

        JourneyProjection.Outcome outcome = projection.project(stream.records(topic, 5, 0), true);
        projection.foldDeferred();

        assertThat(outcome).isEqualTo(new JourneyProjection.Outcome(1, 0, 2));
        assertThat(journeyRow("quin")).containsAllEntriesOf(Map.of("events", 1, "contacts", 1));
        assertThat(jdbc.queryForList("select reason from parked_record where topic = ? order by record_offset", String.class, topic))
                .satisfiesExactly(
                        first -> assertThat(first).startsWith("the person's journey could not be folded with this event"),
                        second -> assertThat(second).isEqualTo("blocked behind parked record " + topic + "/5/1"));
    }

    @Test
    void aCatchUpParksAnEventTheDatabaseCannotStoreWithoutHoldingUpOtherPeople() {
        List<ConsumerRecord<String, String>> batch = new ArrayList<>();
        batch.addAll(Events.of("rae").contactBy(DAY_ONE, "a NUL \u0000 that jsonb refuses").records(topic, 4, 0));
        batch.addAll(Events.of("sol").contactBy(DAY_ONE, "fine").records(topic, 4, 1));

        JourneyProjection.Outcome outcome = projection.project(batch, true);
        projection.foldDeferred();

        assertThat(outcome).isEqualTo(new JourneyProjection.Outcome(1, 0, 1));
        assertThat(journeyRow("sol")).containsEntry("contacts", 1);
        assertThat(jdbc.queryForObject("select count(*) from journey_event where person_id = ?", Long.class, TestPseudonyms.of("rae"))).isZero();
        assertThat(jdbc.queryForObject("select reason from parked_record where topic = ? and record_offset = 0", String.class, topic))
                .startsWith("the database refused the event");
        assertThat(position(4)).isEqualTo(1);
    }

    /** Eight events of every kind that changes facts: contacts, a referral and its outcome, an assessment, a closure and a return. */
    /** The lifecycle the listing reads, over this test's tables. */
    private JourneyLifecycle lifecycle() {
        return new JourneyLifecycle(projection, new RebuildPasses(new JourneyRows(jdbc), new ConsumerPositions(jdbc),
                new ParkedRecords(jdbc, TestPseudonyms.PSEUDONYMS), TestPseudonyms.PSEUDONYMS, new DataSourceTransactionManager(dataSource),
                Clock.fixed(NOW, ZoneOffset.UTC), TestProperties.with()), new ConsumerPositions(jdbc),
                new ParkedRecords(jdbc, TestPseudonyms.PSEUDONYMS), new UnfoldedPeople(jdbc), TestProperties.with());
    }

    /** No count known: every person's events counted from their rows. */
    private static final ToLongFunction<String> FROM_ROWS = personId -> -1;

    /** Two people of 8 events and one of 1 stored by a catch-up and left unfolded, with nothing else unfolded. */
    private UnfoldedPeople unfoldedAfterACatchUp(String eight, String alsoEight, String one) {
        projection.foldDeferred(); // what earlier tests left
        projection.project(longStream(eight).records(topic, 0, 0), true);
        projection.project(longStream(alsoEight).records(topic, 1, 0), true);
        projection.project(Events.of(one).valueContact(DAY_ONE, 10, "pr-1").records(topic, 2, 0), true);
        return new UnfoldedPeople(jdbc);
    }

    private static Events longStream(String person) {
        return Events.of(person)
                .valueContact(DAY_ONE, 20, "pr-1")
                .faceToFaceAssessment(DAY_ONE.plus(Duration.ofDays(3)), 60, "pr-2")
                .failureContact(DAY_ONE.plus(Duration.ofDays(5)), "PROGRESS_CHASING", 10, "pr-1")
                .caseClosed(DAY_ONE.plus(Duration.ofDays(10)))
                .failureContact(DAY_ONE.plus(Duration.ofDays(40)), "REPEAT_CONTACT", 15, "pr-1")
                .valueContact(DAY_ONE.plus(Duration.ofDays(41)), 20, "pr-3")
                .correction(DAY_ONE.plus(Duration.ofDays(42)), 4, Map.of("durationMinutes", 25))
                .caseClosed(DAY_ONE.plus(Duration.ofDays(60)));
    }

    /** The person's journey row and fact rows without their pseudonym and write time, to compare two people. */
    private List<String> comparable(String personId) {
        List<String> rows = new ArrayList<>();
        rows.add(jdbc.queryForObject("select (to_jsonb(j) - 'person_id' - 'updated_at' - 'last_global_position')::text from journey j where person_id = ?",
                String.class, TestPseudonyms.of(personId)));
        for (String table : List.of("fact_contact", "fact_episode", "fact_referral", "fact_handoff", "fact_person")) {
            rows.addAll(jdbc.queryForList("select (to_jsonb(t) - 'person_id' - 'event_id')::text from " + table
                    + " t where person_id = ? order by 1", String.class, TestPseudonyms.of(personId)));
        }
        return rows;
    }

    private Map<String, Object> journeyRow(String personId) {
        return jdbc.queryForMap("select * from journey where person_id = ?", TestPseudonyms.of(personId));
    }

    private List<String> storedPayloads(String personId) {
        return jdbc.queryForList("select payload::text from journey_event where person_id = ? order by sequence", String.class,
                TestPseudonyms.of(personId));
    }

    /** The person's rows of a fact table as JSON, so arrays compare by value. */
    private List<String> facts(String table, String personId) {
        return jdbc.queryForList("select to_jsonb(t)::text from " + table + " t where person_id = ? order by 1", String.class,
                TestPseudonyms.of(personId));
    }

    private long position(int partition) {
        return jdbc.queryForObject("select last_offset from consumer_position where topic = ? and partition = ?", Long.class, topic, partition);
    }
}
