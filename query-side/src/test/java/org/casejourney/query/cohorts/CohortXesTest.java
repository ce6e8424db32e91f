package org.casejourney.query.cohorts;

import org.casejourney.events.Channel;
import org.casejourney.events.ReferralOutcome;
import org.casejourney.query.TestPseudonyms;
import org.casejourney.query.analytics.FactsDatabase;
import org.casejourney.query.analytics.PersonStream;
import org.casejourney.query.platform.TestProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The XES export of a cohort: valid against the published IEEE 1849 schema, one trace per episode with its counted events in time order. */
class CohortXesTest {

    private static FactsDatabase db;
    private static CohortXes xes;

    @BeforeAll
    static void data() {
        db = new FactsDatabase("analytics_xes");
        xes = new CohortXes(db.jdbc().getDataSource(), Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC), TestProperties.with());
        db.write(
                PersonStream.of("x1").in("adult-social-care", "front-door", "county-council").by("pr-1")
                        .failure("2026-03-02T09:00:00Z", Channel.PHONE, "PROGRESS_CHASING")
                        .referral("2026-03-03T09:00:00Z", "r-1", null, "reablement", null, "nhs-trust")
                        .resolved("2026-03-04T09:00:00Z", "r-1", ReferralOutcome.ACCEPTED)
                        .in("adult-social-care", "reablement", "county-council").by("pr-2")
                        .handoff("2026-03-05T09:00:00Z", "reablement", "reablement", null, null)
                        .support("2026-03-06T09:00:00Z", 45, true)
                        .closed("2026-03-10T09:00:00Z")
                        .value("2026-04-01T09:00:00Z", Channel.FACE_TO_FACE)
                        .retractLast(1),
                PersonStream.of("x2").in("adult-social-care", "front-door", "county-council").by("pr-3")
                        .value("2026-05-01T09:00:00Z", Channel.EMAIL)
                        .closed("2026-05-03T09:00:00Z")
                        .referral("2026-05-04T09:00:00Z", "r-2", null, "ot", null, null) // after the closure: in no episode
                        .failure("2026-05-20T09:00:00Z", Channel.PHONE, "NO_RESPONSE")
                        .support("2026-05-22T09:00:00Z", 30, false)
                        .assessment("2026-05-25T09:00:00Z")
                        .correctLast(1, Map.of("occurredAt", "2026-05-21T08:00:00Z")),
                PersonStream.of("x3").in("housing", "east & <west>\u0001", "district-council").by("pr-4")
                        .value("2026-03-09T09:00:00Z", Channel.EMAIL));
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static String export(String filterJson) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        xes.write(Filters.of(filterJson), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theLogValidatesAgainstThePublishedXesSchema() throws Exception {
        String log = export("{}");

        XesLogs.validate(log);

        assertThat(XesLogs.children(XesLogs.log(log), "trace")).hasSize(4); // x1's one episode, x2's two, x3's one
        // the schema does bite: a timestamp that is no xs:dateTime, or a log without its version, is refused
        assertThatThrownBy(() -> XesLogs.validate(log.replaceFirst("key=\"time:timestamp\" value=\"[^\"]*\"",
                "key=\"time:timestamp\" value=\"2 March\""))).hasMessageContaining("dateTime");
        assertThat(XesLogs.valid(log.replace("xes.version=\"" + CohortXes.VERSION + "\"", ""))).isFalse();
    }

    @Test
    void theLogDeclaresTheStandardExtensionsItsKeysUse() throws Exception {
        Element log = XesLogs.log(export("{}"));

        assertThat(XesLogs.children(log, "extension")).extracting(e -> e.getAttribute("prefix") + " " + e.getAttribute("name") + " "
                + e.getAttribute("uri")).containsExactly(
                "concept Concept http://www.xes-standard.org/concept.xesext",
                "time Time http://www.xes-standard.org/time.xesext",
                "org Organizational http://www.xes-standard.org/org.xesext",
                "lifecycle Lifecycle http://www.xes-standard.org/lifecycle.xesext");
        assertThat(log.getAttribute("xes.version")).isEqualTo("1849.2016");
        assertThat(log.getNamespaceURI()).isNull();
        assertThat(XesLogs.attributes(log)).containsEntry("concept:name", "string casejourney cohort")
                .containsEntry("asOf", "date 2026-12-01T00:00:00+00:00");
    }

    @Test
    void eachEpisodeIsATraceOfItsCountedEventsInTimeOrder() throws Exception {
        String x1 = TestPseudonyms.of("x1");
        String x2 = TestPseudonyms.of("x2");
        Map<String, Element> traces = XesLogs.children(XesLogs.log(export("{\"service\": \"adult-social-care\"}")), "trace").stream()
                .collect(Collectors.toMap(t -> XesLogs.attributes(t).get("concept:name"), Function.identity()));

        assertThat(traces).containsOnlyKeys("string " + x1 + "/episode-1", "string " + x2 + "/episode-1", "string " + x2 + "/episode-2");
        Element closed = traces.get("string " + x1 + "/episode-1");
        assertThat(XesLogs.attributes(closed)).containsExactly(Map.entry("concept:name", "string " + x1 + "/episode-1"),
                Map.entry("person", "string " + x1), Map.entry("outcome", "string NEEDS_MET"),
                Map.entry("returnStatus", "string NOT_RETURNED"), Map.entry("endToEndDays", "float 8.0"));
        assertThat(names(closed)).containsExactly("ContactRecorded", "ReferralMade", "ReferralResolved", "HandoffMade", "SupportDelivered",
                "CaseClosed"); // the retracted contact of April is in no trace
        assertThat(XesLogs.attributes(traces.get("string " + x2 + "/episode-1"))).containsEntry("returnStatus", "string RETURNED")
                .containsEntry("endToEndDays", "float 2.0");
        assertThat(names(traces.get("string " + x2 + "/episode-1"))).containsExactly("ContactRecorded", "CaseClosed");
        Element open = traces.get("string " + x2 + "/episode-2");
        assertThat(XesLogs.attributes(open)).containsOnlyKeys("concept:name", "person");
        // the assessment, recorded last, was corrected to before the support; the referral after the closure is in no episode
        assertThat(names(open)).containsExactly("ContactRecorded", "AssessmentCompleted", "SupportDelivered");
        List<OffsetDateTime> times = XesLogs.children(open, "event").stream()
                .map(e -> OffsetDateTime.parse(XesLogs.attributes(e).get("time:timestamp").substring("date ".length()))).toList();
        assertThat(times).isSorted();
        assertThat(times.get(1)).isEqualTo(OffsetDateTime.parse("2026-05-21T08:00:00+00:00"));
    }

    @Test
    void everyEventHasTheStandardAttributesAndTheOcelExportsTypedOnes() throws Exception {
        Element trace = XesLogs.children(XesLogs.log(export("{\"team\": \"reablement\"}")), "trace").get(0);
        List<Element> events = XesLogs.children(trace, "event");

        for (Element event : events) {
            assertThat(XesLogs.attributes(event)).containsKeys("concept:name", "time:timestamp", "org:resource", "org:group", "eventId")
                    .containsEntry("lifecycle:transition", "string complete");
            assertThat(XesLogs.attributes(event).get("time:timestamp")).startsWith("date 2026-03-");
        }
        assertThat(XesLogs.attributes(events.get(0))).containsEntry("org:resource", "string pr-1").containsEntry("org:group", "string front-door")
                .containsEntry("channel", "string PHONE").containsEntry("demandType", "string FAILURE")
                .containsEntry("failureCategory", "string PROGRESS_CHASING").containsEntry("time:timestamp", "date 2026-03-02T09:00:00+00:00");
        assertThat(XesLogs.attributes(events.get(4))).containsEntry("concept:name", "string SupportDelivered")
                .containsEntry("org:resource", "string pr-2").containsEntry("org:group", "string reablement")
                .containsEntry("durationMinutes", "int 45").containsEntry("faceToFace", "boolean true")
                .containsEntry("service", "string adult-social-care").containsEntry("activity", "string reablement");
        assertThat(XesLogs.attributes(events.get(2))).containsEntry("outcome", "string ACCEPTED");
    }

    @Test
    void markupInAValueIsEscapedAndACharacterXmlCannotHoldIsReplaced() throws Exception {
        String log = export("{\"service\": \"housing\"}");

        XesLogs.validate(log);
        Element event = XesLogs.children(XesLogs.children(XesLogs.log(log), "trace").get(0), "event").get(0);
        assertThat(XesLogs.attributes(event)).containsEntry("org:group", "string east & <west>\uFFFD");
        assertThat(CohortXes.xmlText("a\uD800b\u0008c\uD83D\uDE00")).isEqualTo("a\uFFFDb\uFFFDc\uD83D\uDE00");
    }

    @Test
    void aCohortOfNobodyIsAnEmptyButValidLog() throws Exception {
        String log = export("{\"team\": \"no-such-team\"}");

        XesLogs.validate(log);
        assertThat(XesLogs.children(XesLogs.log(log), "trace")).isEmpty();
    }

    private static List<String> names(Element trace) {
        return XesLogs.children(trace, "event").stream().map(e -> XesLogs.attributes(e).get("concept:name").substring("string ".length())).toList();
    }
}
