package org.casejourney.events;

import org.casejourney.events.journey.Journey;
import org.casejourney.events.journey.JourneyFold;
import org.casejourney.events.journey.TimelineEntry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.casejourney.events.testing.TestEvents.contactRecorded;
import static org.casejourney.events.testing.TestEvents.eventCorrected;
import static org.casejourney.events.testing.TestEvents.eventRetracted;
import static org.casejourney.events.testing.TestEvents.handoffMade;
import static org.casejourney.events.testing.TestEvents.personalDataErased;
import static org.casejourney.events.testing.TestEvents.referralMade;

class PersonalDataTest {

    private static final Instant T = Instant.parse("2026-02-01T09:00:00Z");

    private static List<PersonEvent> everyKindWithText() {
        return List.of(
                contactRecorded().eventId("c1").occurredAt(T).service("asc").channel(Channel.PHONE).demandType(DemandType.VALUE)
                        .whatMatters("my words").durationMinutes(10).build(),
                referralMade().eventId("r1").occurredAt(T).service("asc").referralId("ref-1").fromTeam("a").toTeam("b")
                        .reason("why referred").build(),
                handoffMade().eventId("h1").occurredAt(T).service("asc").fromPractitioner("x").fromTeam("a").toPractitioner("y")
                        .toTeam("b").reason("why handed").build(),
                eventCorrected("c1").eventId("k1").occurredAt(T).service("asc")
                        .changes(Map.of("whatMatters", "new words", "durationMinutes", 12)).reason("why corrected").build(),
                eventRetracted("r1").eventId("x1").occurredAt(T).service("asc").reason("why retracted").build());
    }

    @Test
    void everyPersonalFieldIsMappedAndNothingElse() {
        List<PersonEvent> mapped = everyKindWithText().stream().map(e -> PersonalData.map(e, v -> "<" + v + ">")).toList();

        assertThat(((ContactRecorded) mapped.get(0)).whatMatters()).isEqualTo("<my words>");
        assertThat(((ContactRecorded) mapped.get(0)).durationMinutes()).isEqualTo(10);
        assertThat(((ReferralMade) mapped.get(1)).reason()).isEqualTo("<why referred>");
        assertThat(((ReferralMade) mapped.get(1)).toTeam()).isEqualTo("b");
        assertThat(((HandoffMade) mapped.get(2)).reason()).isEqualTo("<why handed>");
        EventCorrected correction = (EventCorrected) mapped.get(3);
        assertThat(correction.reason()).isEqualTo("<why corrected>");
        assertThat(correction.changes()).containsEntry("whatMatters", "<new words>").containsEntry("durationMinutes", 12);
        assertThat(((EventRetracted) mapped.get(4)).reason()).isEqualTo("<why retracted>");
        // no personal text is left anywhere in the JSON form
        for (PersonEvent event : mapped) {
            assertThat(EventJson.write(event)).doesNotContainPattern("\"(whatMatters|reason)\":\"[^<]");
        }
    }

    @Test
    void anErasureChangesNoMeasureAndShowsAsRecordKeeping() {
        List<RecordedEvent> stream = new ArrayList<>();
        long sequence = 0;
        for (PersonEvent event : everyKindWithText()) {
            stream.add(new RecordedEvent("p-1", sequence++, null, T, "crm", event));
        }
        Journey before = JourneyFold.fold("p-1", stream, T.plusSeconds(86_400));
        stream.add(new RecordedEvent("p-1", sequence, null, T.plusSeconds(3_600), "admin",
                personalDataErased().eventId("e1").occurredAt(T.plusSeconds(3_600)).reason("request ER-1").build()));
        Journey after = JourneyFold.fold("p-1", stream, T.plusSeconds(86_400));

        assertThat(after.timeline()).hasSize(before.timeline().size() + 1);
        assertThat(after.timeline().get(after.timeline().size() - 1).status()).isEqualTo(TimelineEntry.Status.RECORD_KEEPING);
        assertThat(EventJson.write(withoutTimeline(after))).isEqualTo(EventJson.write(withoutTimeline(before)));
    }

    /** Every measure of the journey: all but the count of stored events and the timeline. */
    private static Journey withoutTimeline(Journey j) {
        return new Journey(j.personId(), j.asOf(), 0, j.contacts(), j.referrals(), j.assessments(), j.handoffs(),
                j.supportDelivered(), j.involved(), j.totalMinutes(), j.faceToFaceMinutes(), j.totalHours(), j.faceToFaceShare(),
                j.firstContact(), j.lastActivity(), j.endToEndDays(), j.open(), j.returned(), j.returns(), j.episodes(), List.of());
    }

    @Test
    void pseudonymsAreStableKeyedAndShapedLikeIds() {
        Pseudonyms one = new Pseudonyms("a-secret-of-at-least-thirty-two-bytes!!");
        Pseudonyms other = new Pseudonyms("another-secret-of-at-least-thirty-two-b");

        String pseudonym = one.of("p-1029");
        assertThat(pseudonym).isEqualTo(one.of("p-1029")).startsWith("ps-").hasSize(29)
                .matches(Fields.PERSON_ID_PATTERN).doesNotContain("1029");
        assertThat(Pseudonyms.looksLikeOne(pseudonym)).isTrue();
        assertThat(one.of("p-1030")).isNotEqualTo(pseudonym);
        assertThat(other.of("p-1029")).isNotEqualTo(pseudonym);
        assertThatThrownBy(() -> new Pseudonyms("short")).hasMessageContaining("at least 32 bytes");
    }
}
