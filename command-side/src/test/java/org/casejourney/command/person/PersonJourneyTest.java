package org.casejourney.command.person;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.casejourney.events.CaseClosed;
import org.casejourney.events.CaseOutcome;
import org.casejourney.events.Channel;
import org.casejourney.events.ContactRecorded;
import org.casejourney.events.DemandType;
import org.casejourney.events.EventCorrected;
import org.casejourney.events.EventJson;
import org.casejourney.events.EventRetracted;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.ReferralMade;
import org.casejourney.events.ReferralOutcome;
import org.casejourney.events.ReferralResolved;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

class PersonJourneyTest {

    private static final String PERSON = "person-1";
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final Instant RECORDED = Instant.parse("2026-03-01T09:00:05Z");

    private AggregateTestFixture<PersonJourney> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PersonJourney.class);
    }

    @Test
    void aFirstEventStartsTheStreamAtSequenceZero() {
        ContactRecorded contact = contact("e1");
        fixture.givenNoPriorActivity()
                .when(record(contact))
                .expectSuccessfulHandlerExecution()
                .expectEvents(contact)
                .expectResultMessagePayload(List.of(new Decision.Recorded(0, RECORDED, false)));
    }

    @Test
    void aRetryOfAnEventAlreadyOnTheStreamIsNotRecordedAgain() {
        ContactRecorded contact = contact("e1");
        fixture.given(stored(0, contact))
                .when(record(contact))
                .expectNoEvents()
                .expectResultMessagePayload(List.of(new Decision.Recorded(0, RECORDED, true)));
    }

    @Test
    void anEventIdReusedWithDifferentContentIsRefused() {
        fixture.given(stored(0, contact("e1")))
                .when(record(new ContactRecorded("e1", T0, "housing", null, null, null, null, null, null, null,
                        Channel.EMAIL, DemandType.VALUE, null, null, 5, null)))
                .expectNoEvents()
                .expectResultMessagePayload(List.of(new Decision.Conflict("e1")));
    }

    @Test
    void theNextEventTakesTheNextSequence() {
        CaseClosed closed = new CaseClosed("e2", T0.plusSeconds(60), "adult-social-care", null, null, null, null, null, null, null, CaseOutcome.NEEDS_MET);
        fixture.given(stored(0, contact("e1")))
                .when(record(closed))
                .expectEvents(closed)
                .expectResultMessagePayload(List.of(new Decision.Recorded(1, RECORDED, false)));
    }

    @Test
    void aCorrectionOfAnEventNotOnTheStreamIsRefused() {
        fixture.given(stored(0, contact("e1")))
                .when(record(new EventCorrected("c1", T0, null, null, null, null, null, null, null, null,
                        "missing", Map.of("durationMinutes", 10), "typo")))
                .expectNoEvents()
                .expectResultMessagePayload(List.of(new Decision.Refused("correctsEventId", "no event 'missing' is on this person's stream")));
    }

    @Test
    void aRetractedEventCannotBeCorrected() {
        fixture.given(stored(0, contact("e1")), stored(1, retraction("r1", "e1")))
                .when(record(new EventCorrected("c1", T0, null, null, null, null, null, null, null, null,
                        "e1", Map.of("durationMinutes", 10), "typo")))
                .expectNoEvents()
                .expectResultMessagePayload(List.of(new Decision.Refused("correctsEventId", "event 'e1' was retracted and can no longer be corrected")));
    }

    @Test
    void aCorrectionCannotItselfBeRetracted() {
        fixture.given(stored(0, contact("e1")), stored(1, new EventCorrected("c1", T0, null, null, null, null, null, null, null, null,
                        "e1", Map.of("durationMinutes", 10), "typo")))
                .when(record(retraction("r1", "c1")))
                .expectNoEvents()
                .expectResultMessagePayload(List.of(new Decision.Refused("correctsEventId",
                        "event 'c1' is itself a EventCorrected; only recorded facts can be retracted")));
    }

    @Test
    void aReferralCanOnlyBeResolvedWhenItWasMadeOnTheStream() {
        fixture.given(stored(0, contact("e1")))
                .when(record(new ReferralResolved("e2", T0, "adult-social-care", null, null, null, null, null, null, null,
                        "ref-9", ReferralOutcome.ACCEPTED)))
                .expectNoEvents()
                .expectResultMessagePayload(List.of(new Decision.Refused("referralId", "no referral 'ref-9' was made on this person's stream")));
    }

    @Test
    void aResolutionOfAReferralMadeEarlierIsRecorded() {
        ReferralResolved resolved = new ReferralResolved("e3", T0, "adult-social-care", null, null, null, null, null, null, null,
                "ref-1", ReferralOutcome.DECLINED);
        fixture.given(stored(0, contact("e1")), stored(1, referral("e2", "ref-1")))
                .when(record(resolved))
                .expectEvents(resolved);
    }

    @Test
    void aReferralIdCannotBeMadeTwiceOnOneStream() {
        fixture.given(stored(0, referral("e1", "ref-1")))
                .when(record(referral("e2", "ref-1")))
                .expectNoEvents()
                .expectResultMessagePayload(List.of(new Decision.Refused("referralId",
                        "referral 'ref-1' was already made on this person's stream; use a new referralId")));
    }

    @Test
    void aRefusedEventLeavesTheOthersOfTheSameSubmissionRecorded() {
        ContactRecorded contact = contact("e1");
        ReferralResolved orphan = new ReferralResolved("e2", T0, "adult-social-care", null, null, null, null, null, null, null,
                "ref-9", ReferralOutcome.ACCEPTED);
        CaseClosed closed = new CaseClosed("e3", T0.plusSeconds(60), "adult-social-care", null, null, null, null, null, null, null, CaseOutcome.NEEDS_MET);
        fixture.givenNoPriorActivity()
                .when(record(contact, orphan, closed))
                .expectEvents(contact, closed)
                .expectResultMessagePayload(List.of(new Decision.Recorded(0, RECORDED, false),
                        new Decision.Refused("referralId", "no referral 'ref-9' was made on this person's stream"),
                        new Decision.Recorded(1, RECORDED, false)));
    }

    @Test
    void eachEventOfASubmissionIsDecidedAfterTheOnesBeforeIt() {
        ReferralMade made = referral("e1", "ref-1");
        ReferralResolved resolved = new ReferralResolved("e2", T0, "adult-social-care", null, null, null, null, null, null, null,
                "ref-1", ReferralOutcome.ACCEPTED);
        fixture.givenNoPriorActivity()
                .when(record(made, resolved, made))
                .expectEvents(made, resolved)
                .expectResultMessagePayload(List.of(new Decision.Recorded(0, RECORDED, false),
                        new Decision.Recorded(1, RECORDED, false), new Decision.Recorded(0, RECORDED, true)));
    }

    private static RecordEvents record(PersonEvent... events) {
        return new RecordEvents(PERSON, java.util.Arrays.stream(events)
                .map(e -> new RecordEvents.Submission(e, EventJson.contentHash(e), "anonymous")).toList(), RECORDED);
    }

    private static GenericDomainEventMessage<PersonEvent> stored(long sequence, PersonEvent event) {
        return new GenericDomainEventMessage<>(event.type(), PERSON, sequence, event, MetaData.with(PersonJourney.RECORDED_AT, RECORDED.toString())
                .and(PersonJourney.RECORDED_BY, "anonymous").and(PersonJourney.CONTENT_HASH, EventJson.contentHash(event)));
    }

    private static ContactRecorded contact(String id) {
        return new ContactRecorded(id, T0, "adult-social-care", "front-door", "county-council", "p-1", null, null, null, List.of(),
                Channel.PHONE, DemandType.FAILURE, "PROGRESS_CHASING", "I want to know when someone is coming", 10, false);
    }

    private static ReferralMade referral(String id, String referralId) {
        return new ReferralMade(id, T0, "adult-social-care", null, null, null, null, null, null, null,
                referralId, "front-door", "reablement-north", null, null, "needs reablement");
    }

    private static EventRetracted retraction(String id, String target) {
        return new EventRetracted(id, T0, null, null, null, null, null, null, null, null, target, "wrong person");
    }
}
