package org.casejourney.command.person;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.casejourney.command.platform.CommittedSnapshots;
import org.casejourney.events.CaseClosed;
import org.casejourney.events.Channel;
import org.casejourney.events.ContactRecorded;
import org.casejourney.events.EventJson;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.ReferralMade;
import org.casejourney.events.ReferralOutcome;
import org.casejourney.events.ReferralResolved;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.casejourney.events.testing.TestEvents.caseClosed;
import static org.casejourney.events.testing.TestEvents.contactRecorded;
import static org.casejourney.events.testing.TestEvents.eventCorrected;
import static org.casejourney.events.testing.TestEvents.eventRetracted;
import static org.casejourney.events.testing.TestEvents.referralMade;
import static org.casejourney.events.testing.TestEvents.referralResolved;

class PersonJourneyTest {

    private static final String PERSON = "person-1";
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final Instant RECORDED = Instant.parse("2026-03-01T09:00:05Z");

    private AggregateTestFixture<PersonJourney> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PersonJourney.class);
        fixture.registerInjectableResource(CommittedSnapshots.off());
    }

    @Test
    void aFirstEventStartsTheStreamAtSequenceZero() {
        ContactRecorded contact = contactRecorded().eventId("e1").occurredAt(T0).build();
        fixture.givenNoPriorActivity()
                .when(record(contact))
                .expectSuccessfulHandlerExecution()
                .expectEvents(contact)
                .expectResultMessagePayload(List.of(new Decision.Recorded(0, RECORDED, false)));
    }

    @Test
    void aRetryOfAnEventAlreadyOnTheStreamIsNotRecordedAgain() {
        ContactRecorded contact = contactRecorded().eventId("e1").occurredAt(T0).build();
        fixture.given(stored(0, contact))
                .when(record(contact))
                .expectNoEvents()
                .expectResultMessagePayload(List.of(new Decision.Recorded(0, RECORDED, true)));
    }

    @Test
    void anEventIdReusedWithDifferentContentIsRefused() {
        fixture.given(stored(0, contactRecorded().eventId("e1").occurredAt(T0).build()))
                .when(record(contactRecorded().eventId("e1").occurredAt(T0).service("housing").channel(Channel.EMAIL)
                        .durationMinutes(5).build()))
                .expectNoEvents()
                .expectResultMessagePayload(List.of(new Decision.Conflict("e1")));
    }

    @Test
    void theNextEventTakesTheNextSequence() {
        CaseClosed closed = caseClosed().eventId("e2").occurredAt(T0.plusSeconds(60)).build();
        fixture.given(stored(0, contactRecorded().eventId("e1").occurredAt(T0).build()))
                .when(record(closed))
                .expectEvents(closed)
                .expectResultMessagePayload(List.of(new Decision.Recorded(1, RECORDED, false)));
    }

    @Test
    void aCorrectionOfAnEventNotOnTheStreamIsRefused() {
        fixture.given(stored(0, contactRecorded().eventId("e1").occurredAt(T0).build()))
                .when(record(eventCorrected("missing").eventId("c1").occurredAt(T0).changes(Map.of("durationMinutes", 10))
                        .reason("typo").build()))
                .expectNoEvents()
                .expectResultMessagePayload(List.of(new Decision.Refused("correctsEventId", "no event 'missing' is on this person's stream")));
    }

    @Test
    void aRetractedEventCannotBeCorrected() {
        fixture.given(stored(0, contactRecorded().eventId("e1").occurredAt(T0).build()),
                        stored(1, eventRetracted("e1").eventId("r1").occurredAt(T0).build()))
                .when(record(eventCorrected("e1").eventId("c1").occurredAt(T0).changes(Map.of("durationMinutes", 10))
                        .reason("typo").build()))
                .expectNoEvents()
                .expectResultMessagePayload(List.of(new Decision.Refused("correctsEventId", "event 'e1' was retracted and can no longer be corrected")));
    }

    @Test
    void aCorrectionCannotItselfBeRetracted() {
        fixture.given(stored(0, contactRecorded().eventId("e1").occurredAt(T0).build()),
                        stored(1, eventCorrected("e1").eventId("c1").occurredAt(T0).changes(Map.of("durationMinutes", 10))
                                .build()))
                .when(record(eventRetracted("c1").eventId("r1").occurredAt(T0).build()))
                .expectNoEvents()
                .expectResultMessagePayload(List.of(new Decision.Refused("correctsEventId",
                        "event 'c1' is itself a EventCorrected; only recorded facts can be retracted")));
    }

    @Test
    void aReferralCanOnlyBeResolvedWhenItWasMadeOnTheStream() {
        fixture.given(stored(0, contactRecorded().eventId("e1").occurredAt(T0).build()))
                .when(record(referralResolved().eventId("e2").occurredAt(T0).referralId("ref-9").outcome(ReferralOutcome.ACCEPTED)
                        .build()))
                .expectNoEvents()
                .expectResultMessagePayload(List.of(new Decision.Refused("referralId", "no referral 'ref-9' was made on this person's stream")));
    }

    @Test
    void aResolutionOfAReferralMadeEarlierIsRecorded() {
        ReferralResolved resolved = referralResolved().eventId("e3").occurredAt(T0).referralId("ref-1")
                .outcome(ReferralOutcome.DECLINED).build();
        fixture.given(stored(0, contactRecorded().eventId("e1").occurredAt(T0).build()),
                        stored(1, referralMade().eventId("e2").occurredAt(T0).referralId("ref-1").build()))
                .when(record(resolved))
                .expectEvents(resolved);
    }

    @Test
    void aReferralIdCannotBeMadeTwiceOnOneStream() {
        fixture.given(stored(0, referralMade().eventId("e1").occurredAt(T0).referralId("ref-1").build()))
                .when(record(referralMade().eventId("e2").occurredAt(T0).referralId("ref-1").build()))
                .expectNoEvents()
                .expectResultMessagePayload(List.of(new Decision.Refused("referralId",
                        "referral 'ref-1' was already made on this person's stream; use a new referralId")));
    }

    @Test
    void aRefusedEventLeavesTheOthersOfTheSameSubmissionRecorded() {
        ContactRecorded contact = contactRecorded().eventId("e1").occurredAt(T0).build();
        ReferralResolved orphan = referralResolved().eventId("e2").occurredAt(T0).referralId("ref-9")
                .outcome(ReferralOutcome.ACCEPTED).build();
        CaseClosed closed = caseClosed().eventId("e3").occurredAt(T0.plusSeconds(60)).build();
        fixture.givenNoPriorActivity()
                .when(record(contact, orphan, closed))
                .expectEvents(contact, closed)
                .expectResultMessagePayload(List.of(new Decision.Recorded(0, RECORDED, false),
                        new Decision.Refused("referralId", "no referral 'ref-9' was made on this person's stream"),
                        new Decision.Recorded(1, RECORDED, false)));
    }

    @Test
    void eachEventOfASubmissionIsDecidedAfterTheOnesBeforeIt() {
        ReferralMade made = referralMade().eventId("e1").occurredAt(T0).referralId("ref-1").build();
        ReferralResolved resolved = referralResolved().eventId("e2").occurredAt(T0).referralId("ref-1")
                .outcome(ReferralOutcome.ACCEPTED).build();
        fixture.givenNoPriorActivity()
                .when(record(made, resolved, made))
                .expectEvents(made, resolved)
                .expectResultMessagePayload(List.of(new Decision.Recorded(0, RECORDED, false),
                        new Decision.Recorded(1, RECORDED, false), new Decision.Recorded(0, RECORDED, true)));
    }

    @Test
    void aCopyForASnapshotKeepsTheStateItWasTakenInWhateverHappensToTheAggregateAfterIt() throws Exception {
        PersonJourney journey = new PersonJourney();
        ReferralMade made = referralMade().eventId("e1").occurredAt(T0).referralId("ref-1").build();
        ContactRecorded contact = contactRecorded().eventId("e2").occurredAt(T0).build();
        sourced(journey, 0, made);
        sourced(journey, 1, contact);
        String before = EventJson.mapper().writeValueAsString(journey);

        PersonJourney copy = journey.copy();
        sourced(journey, 2, referralMade().eventId("e3").occurredAt(T0).referralId("ref-2").build());
        sourced(journey, 3, eventRetracted("e2").eventId("e4").occurredAt(T0).build());

        String copied = EventJson.mapper().writeValueAsString(copy);
        org.assertj.core.api.Assertions.assertThat(copied).isEqualTo(before);
        org.assertj.core.api.Assertions.assertThat(EventJson.mapper().readTree(copied).path("entries").size()).isEqualTo(2);
        org.assertj.core.api.Assertions.assertThat(EventJson.mapper().readTree(copied).path("entries").path("e2").path("retracted").asBoolean()).isFalse();
        org.assertj.core.api.Assertions.assertThat(EventJson.mapper().writeValueAsString(journey)).isNotEqualTo(before);
    }

    private static void sourced(PersonJourney journey, long sequence, PersonEvent event) {
        GenericDomainEventMessage<PersonEvent> message = stored(sequence, event);
        journey.on(event, message.getMetaData(), sequence, PERSON);
    }

    private static RecordEvents record(PersonEvent... events) {
        return new RecordEvents(PERSON, java.util.Arrays.stream(events)
                .map(e -> new RecordEvents.Submission(e, EventJson.contentHash(e), "anonymous")).toList(), RECORDED);
    }

    private static GenericDomainEventMessage<PersonEvent> stored(long sequence, PersonEvent event) {
        return new GenericDomainEventMessage<>(event.type(), PERSON, sequence, event, MetaData.with(PersonJourney.RECORDED_AT, RECORDED.toString())
                .and(PersonJourney.RECORDED_BY, "anonymous").and(PersonJourney.CONTENT_HASH, EventJson.contentHash(event)));
    }
}
