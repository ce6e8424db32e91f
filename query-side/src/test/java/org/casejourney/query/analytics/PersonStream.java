package org.casejourney.query.analytics;

import org.casejourney.events.Channel;
import org.casejourney.events.RecordedEvent;
import org.casejourney.query.TestPseudonyms;
import org.casejourney.events.ReferralOutcome;
import org.casejourney.events.journey.Journey;
import org.casejourney.events.journey.JourneyFold;
import org.casejourney.events.testing.EventBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.casejourney.events.testing.TestEvents.assessmentCompleted;
import static org.casejourney.events.testing.TestEvents.caseClosed;
import static org.casejourney.events.testing.TestEvents.contactRecorded;
import static org.casejourney.events.testing.TestEvents.eventCorrected;
import static org.casejourney.events.testing.TestEvents.eventRetracted;
import static org.casejourney.events.testing.TestEvents.handoffMade;
import static org.casejourney.events.testing.TestEvents.referralMade;
import static org.casejourney.events.testing.TestEvents.referralResolved;
import static org.casejourney.events.testing.TestEvents.supportDelivered;

/** Builds one person's recorded stream for the analytics tests; where-fields apply to the events that follow. */
public final class PersonStream {

    public static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private final String personId;
    private final List<RecordedEvent> recorded = new ArrayList<>();
    private String service = "adult-social-care";
    private String team = "front-door";
    private String organisation = "county-council";
    private String practitioner = "pr-1";
    private List<String> tags;

    private PersonStream(String personId) {
        this.personId = personId;
    }

    public static PersonStream of(String personId) {
        return new PersonStream(personId);
    }

    public String personId() {
        return personId;
    }

    public PersonStream in(String service, String team, String organisation) {
        this.service = service;
        this.team = team;
        this.organisation = organisation;
        return this;
    }

    public PersonStream by(String practitioner) {
        this.practitioner = practitioner;
        return this;
    }

    public PersonStream tagged(String... tags) {
        this.tags = List.of(tags);
        return this;
    }

    public PersonStream value(String at, Channel channel) {
        return add(where(contactRecorded(), at, "crm").channel(channel).whatMatters("help at home"));
    }

    public PersonStream failure(String at, Channel channel, String category) {
        return add(where(contactRecorded(), at, "crm").channel(channel).failure(category).whatMatters("where is my assessment?"));
    }

    public PersonStream assessment(String at) {
        return add(where(assessmentCompleted(), at, "case").outcome("eligible"));
    }

    public PersonStream support(String at, int minutes, boolean faceToFace) {
        return add(where(supportDelivered(), at, "case").activity("reablement").durationMinutes(minutes).faceToFace(faceToFace));
    }

    public PersonStream referral(String at, String referralId, String fromTeam, String toTeam, String fromOrganisation, String toOrganisation) {
        return add(where(referralMade(), at, "case").referralId(referralId).fromTeam(fromTeam).toTeam(toTeam)
                .fromOrganisation(fromOrganisation).toOrganisation(toOrganisation).reason("needs more help"));
    }

    public PersonStream resolved(String at, String referralId, ReferralOutcome outcome) {
        return add(where(referralResolved(), at, "case").referralId(referralId).outcome(outcome));
    }

    public PersonStream handoff(String at, String fromTeam, String toTeam, String fromOrganisation, String toOrganisation) {
        return add(where(handoffMade(), at, "case").fromPractitioner(practitioner).fromTeam(fromTeam).fromOrganisation(fromOrganisation)
                .toTeam(toTeam).toOrganisation(toOrganisation).reason("moved on"));
    }

    public PersonStream closed(String at) {
        return add(where(caseClosed(), at, "case"));
    }

    /** Corrects the event this stream recorded {@code stepsBack} events ago (1 = the last one). */
    public PersonStream correctLast(int stepsBack, Map<String, Object> changes) {
        String target = recorded.get(recorded.size() - stepsBack).event().eventId();
        return add(eventCorrected(target).occurredAt(NOW).sourceSystem("case").changes(changes).reason("typo"));
    }

    public PersonStream retractLast(int stepsBack) {
        String target = recorded.get(recorded.size() - stepsBack).event().eventId();
        return add(eventRetracted(target).occurredAt(NOW).sourceSystem("case").reason("wrong person"));
    }

    /** The where-fields set so far, on an event that happened {@code at}. */
    private <B extends EventBuilder<B, ?>> B where(B event, String at, String sourceSystem) {
        return event.occurredAt(at).service(service).team(team).organisation(organisation).practitioner(practitioner)
                .sourceSystem(sourceSystem).tags(tags);
    }

    public List<RecordedEvent> recorded() {
        return List.copyOf(recorded);
    }

    /** The journey as the projection folds it: under the person's pseudonym. */
    public Journey journey() {
        return JourneyFold.fold(TestPseudonyms.of(personId), projected(), NOW, Duration.ofDays(90));
    }

    /** The events as the projection stores them: under the person's pseudonym. */
    public List<RecordedEvent> projected() {
        String pseudonym = TestPseudonyms.of(personId);
        return recorded.stream().map(r -> new RecordedEvent(pseudonym, r.sequence(), r.globalPosition(), r.recordedAt(), r.recordedBy(),
                r.event())).toList();
    }

    private PersonStream add(EventBuilder<?, ?> event) {
        long sequence = recorded.size();
        recorded.add(new RecordedEvent(personId, sequence, 5_000 + sequence, NOW, "tester", event.eventId(id()).build()));
        return this;
    }

    private String id() {
        return personId + "-e" + recorded.size();
    }
}
