package org.casejourney.query.projections;

import org.casejourney.events.CaseOutcome;
import org.casejourney.events.Channel;
import org.casejourney.events.ContactRecorded;
import org.casejourney.events.DemandType;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.ReferralOutcome;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.casejourney.events.testing.TestEvents.assessmentCompleted;
import static org.casejourney.events.testing.TestEvents.caseClosed;
import static org.casejourney.events.testing.TestEvents.contactRecorded;
import static org.casejourney.events.testing.TestEvents.eventCorrected;
import static org.casejourney.events.testing.TestEvents.eventRetracted;
import static org.casejourney.events.testing.TestEvents.handoffMade;
import static org.casejourney.events.testing.TestEvents.referralMade;
import static org.casejourney.events.testing.TestEvents.referralResolved;
import static org.casejourney.events.testing.TestEvents.supportDelivered;

/**
 * Varied journeys, deterministic per seed, as the command side publishes them: contacts of both
 * demand types, referrals and their outcomes, assessments, support, handoffs, closures and returns,
 * corrections and retractions, interleaved across people the way they arrive on the topic.
 */
final class Journeys {

    private static final String[] SERVICES = {"adult-social-care", "housing", "community-health"};
    private static final String[] TEAMS = {"front-door", "reablement-north", "reablement-south", "ot-east", "housing-options"};
    private static final String[] CATEGORIES = {"PROGRESS_CHASING", "REPEAT_CONTACT", "NOT_DONE_RIGHT_FIRST_TIME",
            "WRONG_INFORMATION", "NO_RESPONSE", "WRONGLY_ROUTED", "OTHER"};

    private Journeys() {
    }

    /** Every person's stream, interleaved round-robin so each person's events spread over the topic. */
    static List<RecordedEvent> generate(String prefix, int people, long seed, Instant start) {
        Random random = new Random(seed);
        List<List<RecordedEvent>> streams = new ArrayList<>();
        for (int p = 0; p < people; p++) {
            streams.add(person(prefix + "-" + p, random, start.plus(Duration.ofHours(random.nextInt(24 * 200)))));
        }
        List<RecordedEvent> interleaved = new ArrayList<>();
        long global = 1;
        for (int i = 0; ; i++) {
            boolean any = false;
            for (List<RecordedEvent> stream : streams) {
                if (i < stream.size()) {
                    RecordedEvent r = stream.get(i);
                    interleaved.add(new RecordedEvent(r.personId(), r.sequence(), global++, r.recordedAt(), r.recordedBy(), r.event()));
                    any = true;
                }
            }
            if (!any) {
                return interleaved;
            }
        }
    }

    private static List<RecordedEvent> person(String personId, Random random, Instant first) {
        List<PersonEvent> events = new ArrayList<>();
        Instant t = first;
        String service = SERVICES[random.nextInt(SERVICES.length)];
        int episodes = 1 + random.nextInt(2);
        for (int episode = 0; episode < episodes; episode++) {
            int contacts = 1 + random.nextInt(3);
            for (int c = 0; c < contacts; c++) {
                events.add(contact(personId, events.size(), t, service, random));
                t = t.plus(Duration.ofHours(1 + random.nextInt(200)));
            }
            if (random.nextBoolean()) {
                String referralId = personId + "-r" + events.size();
                events.add(referralMade().eventId(id(personId, events.size())).occurredAt(t).service(service).team(team(random))
                        .organisation("county-council").practitioner(practitioner(random)).sourceSystem("crm")
                        .referralId(referralId).toTeam(team(random)).toOrganisation("nhs-trust").reason("needs assessment")
                        .build());
                t = t.plus(Duration.ofHours(1 + random.nextInt(100)));
                if (random.nextInt(3) > 0) {
                    events.add(referralResolved().eventId(id(personId, events.size())).occurredAt(t).service(service)
                            .team(team(random)).organisation("county-council").practitioner(practitioner(random))
                            .sourceSystem("crm").referralId(referralId)
                            .outcome(ReferralOutcome.values()[random.nextInt(ReferralOutcome.values().length)]).build());
                }
            }
            int assessments = random.nextInt(3);
            for (int a = 0; a < assessments; a++) {
                events.add(assessmentCompleted().eventId(id(personId, events.size())).occurredAt(t).service(service)
                        .team(team(random)).organisation("county-council").practitioner(practitioner(random))
                        .sourceSystem("case-system").assessmentType("care-act-needs").outcome("eligible")
                        .durationMinutes(15 + random.nextInt(90)).faceToFace(random.nextBoolean()).build());
                t = t.plus(Duration.ofHours(1 + random.nextInt(100)));
            }
            if (random.nextBoolean()) {
                events.add(supportDelivered().eventId(id(personId, events.size())).occurredAt(t).service(service)
                        .team(team(random)).organisation("county-council").practitioner(practitioner(random))
                        .sourceSystem("case-system").tags(random.nextBoolean() ? List.of("pilot") : null)
                        .activity("personal-care").durationMinutes(30 + random.nextInt(60)).faceToFace(true).build());
                t = t.plus(Duration.ofHours(1 + random.nextInt(50)));
            }
            if (random.nextInt(3) == 0) {
                events.add(handoffMade().eventId(id(personId, events.size())).occurredAt(t).service(service).team(team(random))
                        .organisation("county-council").practitioner(practitioner(random)).sourceSystem("case-system")
                        .fromPractitioner(practitioner(random)).fromTeam(team(random)).toPractitioner(practitioner(random))
                        .toTeam(team(random)).toOrganisation("county-council").reason("capacity").build());
            }
            if (random.nextInt(4) == 0) {
                int target = random.nextInt(events.size());
                if (events.get(target) instanceof ContactRecorded) {
                    events.add(eventCorrected(id(personId, target)).eventId(id(personId, events.size())).occurredAt(t)
                            .service(service).practitioner("pr-1").sourceSystem("crm")
                            .changes(Map.of("durationMinutes", 1 + random.nextInt(60), "demandType", "FAILURE",
                                    "failureCategory", CATEGORIES[random.nextInt(CATEGORIES.length)]))
                            .reason("recorded wrongly").build());
                } else {
                    events.add(eventRetracted(id(personId, target)).eventId(id(personId, events.size())).occurredAt(t)
                            .service(service).practitioner("pr-1").sourceSystem("crm").reason("wrong person").build());
                }
            }
            if (episode < episodes - 1 || random.nextBoolean()) {
                t = t.plus(Duration.ofHours(1 + random.nextInt(300)));
                events.add(caseClosed().eventId(id(personId, events.size())).occurredAt(t).service(service).team(team(random))
                        .organisation("county-council").sourceSystem("case-system")
                        .outcome(CaseOutcome.values()[random.nextInt(CaseOutcome.values().length)]).build());
                t = t.plus(Duration.ofDays(random.nextInt(150)));
            }
        }
        List<RecordedEvent> recorded = new ArrayList<>();
        for (PersonEvent event : events) {
            recorded.add(new RecordedEvent(personId, recorded.size(), null, event.occurredAt().plusSeconds(5), "anonymous", event));
        }
        return recorded;
    }

    private static ContactRecorded contact(String personId, int index, Instant at, String service, Random random) {
        boolean failure = random.nextInt(3) == 0;
        return contactRecorded().eventId(id(personId, index)).occurredAt(at).service(service).team(team(random))
                .organisation("county-council").practitioner(practitioner(random)).sourceSystem("crm")
                .tags(random.nextInt(5) == 0 ? List.of("pilot") : null)
                .channel(Channel.values()[random.nextInt(Channel.values().length)])
                .demandType(failure ? DemandType.FAILURE : DemandType.VALUE)
                .failureCategory(failure ? CATEGORIES[random.nextInt(CATEGORIES.length)] : null)
                .whatMatters("help to stay at home").durationMinutes(5 + random.nextInt(40)).faceToFace(random.nextInt(4) == 0)
                .build();
    }

    private static String id(String personId, int index) {
        return personId + "-e" + index;
    }

    private static String team(Random random) {
        return TEAMS[random.nextInt(TEAMS.length)];
    }

    private static String practitioner(Random random) {
        return "pr-" + random.nextInt(40);
    }
}
