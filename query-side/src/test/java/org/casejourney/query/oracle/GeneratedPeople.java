package org.casejourney.query.oracle;

import org.casejourney.events.CaseOutcome;
import org.casejourney.events.Channel;
import org.casejourney.events.ContactRecorded;
import org.casejourney.events.DemandType;
import org.casejourney.events.EventCorrected;
import org.casejourney.events.FailureCategories;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.PersonalDataErased;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.ReferralMade;
import org.casejourney.events.ReferralOutcome;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.casejourney.events.testing.TestEvents.assessmentCompleted;
import static org.casejourney.events.testing.TestEvents.caseClosed;
import static org.casejourney.events.testing.TestEvents.contactRecorded;
import static org.casejourney.events.testing.TestEvents.eventCorrected;
import static org.casejourney.events.testing.TestEvents.eventRetracted;
import static org.casejourney.events.testing.TestEvents.handoffMade;
import static org.casejourney.events.testing.TestEvents.personalDataErased;
import static org.casejourney.events.testing.TestEvents.referralMade;
import static org.casejourney.events.testing.TestEvents.referralResolved;
import static org.casejourney.events.testing.TestEvents.supportDelivered;

/**
 * Seeded people's streams with what makes measures hard: several services and teams, returns just inside, on and
 * just past the 90-day window, contacts at a closure's instant, events recorded late (out of time order),
 * corrections (one or two of an event, of its time, minutes, demand type or team), retractions (of closures too),
 * corrections of events not yet on the stream, erasures, and closures recent enough that their window still runs.
 */
final class GeneratedPeople {

    static final List<String> CATEGORIES = List.of(FailureCategories.PROGRESS_CHASING, FailureCategories.REPEAT_CONTACT,
            FailureCategories.NO_RESPONSE, FailureCategories.WRONGLY_ROUTED, FailureCategories.OTHER);
    private static final Map<String, List<String>> TEAMS = Map.of(
            "adult-social-care", List.of("front-door", "reablement"),
            "housing", List.of("housing-options"),
            "community-health", List.of("district-nursing"));
    private static final List<String> SERVICES = List.of("adult-social-care", "housing", "community-health");
    private static final Channel[] CHANNELS = Channel.values();

    private final Random random;
    private final Instant now;
    private final String personId;
    private final String tag;
    private final List<PersonEvent> base = new ArrayList<>();
    private int ids;

    private GeneratedPeople(long seed, Instant now, String personId, String tag) {
        this.random = new Random(seed);
        this.now = now;
        this.personId = personId;
        this.tag = tag;
    }

    /** {@code count} people, half tagged cohort-a and half cohort-b, everything before {@code now}. */
    static Map<String, List<RecordedEvent>> generate(int count, Instant now, long seed) {
        Map<String, List<RecordedEvent>> people = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String personId = "oracle-" + i;
            people.put(personId, new GeneratedPeople(seed * 100_003 + i, now, personId, i % 2 == 0 ? "cohort-a" : "cohort-b").stream());
        }
        return people;
    }

    private List<RecordedEvent> stream() {
        Instant at = now.minus(Duration.ofDays(20 + random.nextInt(520))).truncatedTo(ChronoUnit.HOURS).plus(Duration.ofMinutes(random.nextInt(600)));
        List<String> services = new ArrayList<>(List.of(pick(SERVICES)));
        if (random.nextInt(3) == 0) {
            services.add(pick(SERVICES));
        }
        int episodes = 1 + random.nextInt(3);
        for (int e = 0; e < episodes && at.isBefore(now.minus(Duration.ofHours(2))); e++) {
            at = episode(at, services);
        }
        base.removeIf(event -> !event.occurredAt().isBefore(now));
        if (random.nextInt(30) == 0) {
            base.add(personalDataErased().eventId(id()).occurredAt(now.minus(Duration.ofHours(1))).sourceSystem("admin")
                    .reason("request ER-" + random.nextInt(99)).build());
        }
        List<PersonEvent> stream = new ArrayList<>(base);
        for (int i = 1; i < stream.size(); i++) {
            if (random.nextInt(20) == 0) { // recorded late: after the event that happened after it
                stream.set(i - 1, stream.set(i, stream.get(i - 1)));
            }
        }
        amend(stream);
        List<RecordedEvent> recorded = new ArrayList<>();
        for (PersonEvent event : stream) {
            long sequence = recorded.size();
            recorded.add(new RecordedEvent(personId, sequence, 9_000 + sequence, now.minus(Duration.ofMinutes(5)), "oracle", event));
        }
        return recorded;
    }

    /** One episode from {@code at}: a contact, work, mostly a closure; returns where the next one starts. */
    private Instant episode(Instant at, List<String> services) {
        String service = pick(services);
        base.add(contact(at, service));
        int work = random.nextInt(6);
        for (int w = 0; w < work; w++) {
            at = later(at);
            service = random.nextInt(4) == 0 ? pick(services) : service;
            base.add(work(at, service));
        }
        if (random.nextInt(5) == 0) {
            return now; // left open
        }
        at = later(at);
        base.add(caseClosed().eventId(id()).occurredAt(at).service(service).team(team(service)).organisation("county-council")
                .practitioner(practitioner()).sourceSystem("case").tags(tags())
                .outcome(CaseOutcome.values()[random.nextInt(CaseOutcome.values().length)]).build());
        return switch (random.nextInt(7)) {
            case 0 -> at; // the next contact at the closure's instant
            case 1 -> at.plus(Duration.ofDays(90)); // on the window's last instant
            case 2 -> at.plus(Duration.ofDays(90)).plusSeconds(60); // just past it
            case 3 -> at.plus(Duration.ofDays(89));
            default -> at.plus(Duration.ofHours(1 + random.nextInt(200 * 24)));
        };
    }

    private PersonEvent work(Instant at, String service) {
        String team = team(service);
        return switch (random.nextInt(6)) {
            case 0 -> assessmentCompleted().eventId(id()).occurredAt(at).service(service).team(team)
                    .organisation("county-council").practitioner(practitioner()).sourceSystem("case").tags(tags())
                    .assessmentType("care-act-needs").outcome("eligible").durationMinutes(minutes()).faceToFace(faceToFace())
                    .build();
            case 1 -> supportDelivered().eventId(id()).occurredAt(at).service(service).team(team).organisation("county-council")
                    .practitioner(practitioner()).sourceSystem("case").tags(tags()).activity("reablement")
                    .durationMinutes(minutes()).faceToFace(faceToFace()).build();
            case 2 -> {
                String referralId = "ref-" + ids;
                ReferralMade made = referralMade().eventId(id()).occurredAt(at).service(service).team(team)
                        .organisation("county-council").practitioner(practitioner()).sourceSystem("case").tags(tags())
                        .referralId(referralId).fromTeam(random.nextBoolean() ? team : null)
                        .toTeam(pick(List.of("ot", "housing-options", "district-nursing")))
                        .toOrganisation(random.nextBoolean() ? "nhs-trust" : null).reason("needs more help").build();
                if (random.nextBoolean()) {
                    base.add(referralResolved().eventId(id()).occurredAt(at.plus(Duration.ofHours(2))).service(service).team(team)
                            .organisation("county-council").practitioner(practitioner()).sourceSystem("case").tags(tags())
                            .referralId(referralId)
                            .outcome(ReferralOutcome.values()[random.nextInt(ReferralOutcome.values().length)]).build());
                }
                yield made;
            }
            case 3 -> handoffMade().eventId(id()).occurredAt(at).service(service).team(team).organisation("county-council")
                    .practitioner(practitioner()).sourceSystem("case").tags(tags()).fromPractitioner(practitioner())
                    .fromTeam(random.nextBoolean() ? team : null).toPractitioner(random.nextBoolean() ? practitioner() : null)
                    .toTeam(pick(List.of("reablement", "front-door", "district-nursing")))
                    .toOrganisation(random.nextInt(4) == 0 ? "nhs-trust" : null).reason("moved on").build();
            default -> contact(at, service);
        };
    }

    private ContactRecorded contact(Instant at, String service) {
        boolean failure = random.nextInt(5) < 2;
        return contactRecorded().eventId(id()).occurredAt(at).service(service).team(team(service)).organisation("county-council")
                .practitioner(practitioner()).sourceSystem("crm").tags(tags()).channel(CHANNELS[random.nextInt(CHANNELS.length)])
                .demandType(failure ? DemandType.FAILURE : DemandType.VALUE).failureCategory(failure ? pick(CATEGORIES) : null)
                .whatMatters("help at home").durationMinutes(minutes()).faceToFace(random.nextInt(3) == 0 ? faceToFace() : null)
                .build();
    }

    /** Corrections and retractions, each after its target on the stream, or now and then before it (so it changes nothing). */
    private void amend(List<PersonEvent> stream) {
        int count = stream.size();
        for (int i = 0; i < count; i++) {
            PersonEvent target = stream.get(i);
            if (target instanceof PersonalDataErased) {
                continue;
            }
            int roll = random.nextInt(100);
            if (roll < 8) {
                stream.add(correction(target));
                if (roll < 2) {
                    stream.add(correction(target)); // a second one: they accumulate
                }
            } else if (roll < 12) {
                stream.add(eventRetracted(target.eventId()).eventId(id()).occurredAt(now.minus(Duration.ofDays(1)))
                        .sourceSystem("case").reason("wrong person").build());
            } else if (roll < 13) {
                stream.add(i, correction(target)); // not on the stream yet when it arrives
                i++;
                count++;
            }
        }
        if (random.nextInt(10) == 0 && stream.get(stream.size() - 1) instanceof EventCorrected correction) {
            // retracting a correction does not undo it
            stream.add(eventRetracted(correction.eventId()).eventId(id()).occurredAt(now.minus(Duration.ofHours(20)))
                    .sourceSystem("case").reason("wrong correction").build());
        }
    }

    private EventCorrected correction(PersonEvent target) {
        Map<String, Object> changes = new HashMap<>();
        int kind = random.nextInt(4);
        if (kind == 0 && target instanceof ContactRecorded contact) {
            boolean toFailure = contact.demandType() == DemandType.VALUE;
            changes.put("demandType", toFailure ? "FAILURE" : "VALUE");
            changes.put("failureCategory", toFailure ? pick(CATEGORIES) : null);
        } else if (kind == 1 && target.durationMinutes() != null) {
            changes.put("durationMinutes", 5 + random.nextInt(120));
        } else if (kind == 2 && target.team() != null) {
            changes.put("team", pick(List.of("front-door", "reablement", "housing-options")));
        } else {
            Instant moved = target.occurredAt().plus(Duration.ofHours(random.nextInt(96) - 48));
            changes.put("occurredAt", (moved.isAfter(now) ? now.minus(Duration.ofHours(1)) : moved).toString());
        }
        return eventCorrected(target.eventId()).eventId(id()).occurredAt(now.minus(Duration.ofDays(1))).sourceSystem("case")
                .changes(changes).reason("recorded wrongly").build();
    }

    private Instant later(Instant at) {
        return random.nextInt(8) == 0 ? at : at.plus(Duration.ofMinutes(30 + random.nextInt(72 * 60)));
    }

    private String team(String service) {
        return random.nextInt(10) == 0 ? null : pick(TEAMS.get(service));
    }

    private String practitioner() {
        return random.nextInt(12) == 0 ? null : "staff-" + random.nextInt(25);
    }

    private Integer minutes() {
        return random.nextInt(3) == 0 ? null : random.nextInt(90);
    }

    private Boolean faceToFace() {
        return random.nextInt(4) == 0 ? null : random.nextBoolean();
    }

    private List<String> tags() {
        return List.of(tag);
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private String id() {
        return personId + "-" + (ids++);
    }
}
