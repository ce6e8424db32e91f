package org.casejourney.query.analytics;

import org.casejourney.events.AssessmentCompleted;
import org.casejourney.events.CaseClosed;
import org.casejourney.events.CaseOutcome;
import org.casejourney.events.Channel;
import org.casejourney.events.ContactRecorded;
import org.casejourney.events.DemandType;
import org.casejourney.events.EventCorrected;
import org.casejourney.events.EventRetracted;
import org.casejourney.events.HandoffMade;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.RecordedEvent;
import org.casejourney.query.TestPseudonyms;
import org.casejourney.events.ReferralMade;
import org.casejourney.events.ReferralOutcome;
import org.casejourney.events.ReferralResolved;
import org.casejourney.events.SupportDelivered;
import org.casejourney.events.journey.Journey;
import org.casejourney.events.journey.JourneyFold;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        return add(new ContactRecorded(id(), at(at), service, team, organisation, practitioner, "crm", null, null, tags,
                channel, DemandType.VALUE, null, "help at home", null, null));
    }

    public PersonStream failure(String at, Channel channel, String category) {
        return add(new ContactRecorded(id(), at(at), service, team, organisation, practitioner, "crm", null, null, tags,
                channel, DemandType.FAILURE, category, "where is my assessment?", null, null));
    }

    public PersonStream assessment(String at) {
        return add(new AssessmentCompleted(id(), at(at), service, team, organisation, practitioner, "case", null, null, tags,
                "care-act-needs", "eligible", null, null));
    }

    public PersonStream support(String at, int minutes, boolean faceToFace) {
        return add(new SupportDelivered(id(), at(at), service, team, organisation, practitioner, "case", null, null, tags,
                "reablement", minutes, faceToFace));
    }

    public PersonStream referral(String at, String referralId, String fromTeam, String toTeam, String fromOrganisation, String toOrganisation) {
        return add(new ReferralMade(id(), at(at), service, team, organisation, practitioner, "case", null, null, tags,
                referralId, fromTeam, toTeam, fromOrganisation, toOrganisation, "needs more help"));
    }

    public PersonStream resolved(String at, String referralId, ReferralOutcome outcome) {
        return add(new ReferralResolved(id(), at(at), service, team, organisation, practitioner, "case", null, null, tags,
                referralId, outcome));
    }

    public PersonStream handoff(String at, String fromTeam, String toTeam, String fromOrganisation, String toOrganisation) {
        return add(new HandoffMade(id(), at(at), service, team, organisation, practitioner, "case", null, null, tags,
                practitioner, fromTeam, fromOrganisation, null, toTeam, toOrganisation, "moved on"));
    }

    public PersonStream closed(String at) {
        return add(new CaseClosed(id(), at(at), service, team, organisation, practitioner, "case", null, null, tags,
                CaseOutcome.NEEDS_MET));
    }

    /** Corrects the event this stream recorded {@code stepsBack} events ago (1 = the last one). */
    public PersonStream correctLast(int stepsBack, Map<String, Object> changes) {
        String target = recorded.get(recorded.size() - stepsBack).event().eventId();
        return add(new EventCorrected(id(), NOW, null, null, null, null, "case", null, null, null, target, changes, "typo"));
    }

    public PersonStream retractLast(int stepsBack) {
        String target = recorded.get(recorded.size() - stepsBack).event().eventId();
        return add(new EventRetracted(id(), NOW, null, null, null, null, "case", null, null, null, target, "wrong person"));
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

    private PersonStream add(PersonEvent event) {
        long sequence = recorded.size();
        recorded.add(new RecordedEvent(personId, sequence, 5_000 + sequence, NOW, "tester", event));
        return this;
    }

    /** An instant with any offset, as front-line systems send them. */
    private static Instant at(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }

    private String id() {
        return personId + "-e" + recorded.size();
    }
}
