package org.casejourney.query.oracle;

import org.casejourney.events.AssessmentCompleted;
import org.casejourney.events.CaseClosed;
import org.casejourney.events.Channel;
import org.casejourney.events.ContactRecorded;
import org.casejourney.events.EventCorrected;
import org.casejourney.events.EventRetracted;
import org.casejourney.events.HandoffMade;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.PersonalDataErased;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.ReferralMade;
import org.casejourney.events.ReferralResolved;
import org.casejourney.events.SupportDelivered;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A second, deliberately plain computation of the measures, written from docs/domain.md and docs/events.md alone and
 * sharing no code with the fold: every event becomes a bag of mutable fields, a correction overwrites the fields it
 * names, a retraction marks its target, and each measure is a loop over what is left. Slow and obvious on purpose.
 */
final class NaiveMeasures {

    /** One event as it counts: the fields the measures read. */
    static final class Fields {
        String id;
        String kind;
        long sequence;
        Instant at;
        String service;
        String team;
        String organisation;
        String practitioner;
        List<String> tags = List.of();
        Channel channel;
        String demand;
        String category;
        Integer minutes;
        Boolean faceToFaceFlag;
        String referralId;
        String outcome;
        String fromPractitioner;
        String toPractitioner;
        String fromTeam;
        String toTeam;
        String fromOrganisation;
        String toOrganisation;
        boolean retracted;

        boolean faceToFace() {
            if ("ContactRecorded".equals(kind)) {
                return faceToFaceFlag != null ? faceToFaceFlag : channel == Channel.FACE_TO_FACE || channel == Channel.HOME_VISIT;
            }
            return Boolean.TRUE.equals(faceToFaceFlag);
        }
    }

    record Episode(int number, Instant opened, Instant closed, int contacts, int failureContacts, Instant nextContact,
                   String returnStatus, double endToEndDays, Set<String> services, Set<String> teams) {
    }

    record Person(String personId, List<Fields> counted, Map<String, Integer> episodeOf, int contacts, int value, int failure,
                  Map<String, Integer> byCategory, int referralsMade, int referralsAccepted, int referralsDeclinedOrWithdrawn,
                  int referralsOpen, int assessments, int handoffs, int support, int people, int teams, int organisations,
                  long minutes, long faceToFaceMinutes, Instant firstContact, Instant lastActivity, Double endToEndDays,
                  boolean open, List<Episode> episodes, Set<String> allTeams, Set<String> allServices, Set<String> allTags) {

        long closed() {
            return episodes.stream().filter(e -> e.closed() != null).count();
        }

        long withStatus(String status) {
            return episodes.stream().filter(e -> status.equals(e.returnStatus())).count();
        }
    }

    private NaiveMeasures() {
    }

    static Person of(String personId, List<RecordedEvent> stream, Instant asOf, int windowDays) {
        List<RecordedEvent> inOrder = new ArrayList<>(stream);
        inOrder.sort(Comparator.comparingLong(RecordedEvent::sequence));
        Map<String, Fields> events = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (RecordedEvent recorded : inOrder) {
            PersonEvent event = recorded.event();
            if (!seen.add(event.eventId())) {
                continue; // a redelivery: the first one counts
            }
            if (event instanceof EventCorrected correction) {
                Fields target = events.get(correction.correctsEventId());
                if (target != null && !target.retracted) {
                    correction.changes().forEach((field, value) -> overwrite(target, field, value));
                }
            } else if (event instanceof EventRetracted retraction) {
                Fields target = events.get(retraction.correctsEventId());
                if (target != null) {
                    target.retracted = true;
                }
            } else if (!(event instanceof PersonalDataErased)) {
                events.put(event.eventId(), fields(event, recorded.sequence()));
            }
        }
        List<Fields> counted = new ArrayList<>(events.values().stream().filter(f -> !f.retracted).toList());
        counted.sort(Comparator.comparing((Fields f) -> f.at).thenComparingLong(f -> f.sequence));
        return measure(personId, counted, asOf, windowDays);
    }

    private static Person measure(String personId, List<Fields> counted, Instant asOf, int windowDays) {
        int contacts = 0;
        int value = 0;
        int failure = 0;
        Map<String, Integer> byCategory = new TreeMap<>();
        Map<String, String> referrals = new HashMap<>();
        Map<String, String> outcomes = new HashMap<>();
        int assessments = 0;
        int handoffs = 0;
        int support = 0;
        Set<String> people = new HashSet<>();
        Set<String> teams = new HashSet<>();
        Set<String> organisations = new HashSet<>();
        Set<String> ownTeams = new HashSet<>();
        Set<String> services = new HashSet<>();
        Set<String> tags = new HashSet<>();
        long minutes = 0;
        long faceToFace = 0;
        for (Fields f : counted) {
            add(people, f.practitioner, f.fromPractitioner, f.toPractitioner);
            add(teams, f.team, f.fromTeam, f.toTeam);
            add(organisations, f.organisation, f.fromOrganisation, f.toOrganisation);
            add(ownTeams, f.team);
            add(services, f.service);
            tags.addAll(f.tags);
            if (f.minutes != null) {
                minutes += f.minutes;
                faceToFace += f.faceToFace() ? f.minutes : 0;
            }
            switch (f.kind) {
                case "ContactRecorded" -> {
                    contacts++;
                    if ("FAILURE".equals(f.demand)) {
                        failure++;
                        byCategory.merge(f.category == null ? "OTHER" : f.category, 1, Integer::sum);
                    } else {
                        value++;
                    }
                }
                case "ReferralMade" -> referrals.put(f.referralId, f.id);
                case "ReferralResolved" -> outcomes.put(f.referralId, f.outcome);
                case "AssessmentCompleted" -> assessments++;
                case "SupportDelivered" -> support++;
                case "HandoffMade" -> handoffs++;
                default -> {
                }
            }
        }
        int accepted = 0;
        int declined = 0;
        int open = 0;
        for (String referralId : referrals.keySet()) {
            String outcome = outcomes.get(referralId);
            if (outcome == null) {
                open++;
            } else if (outcome.equals("ACCEPTED")) {
                accepted++;
            } else {
                declined++;
            }
        }
        Map<String, Integer> episodeOf = new HashMap<>();
        List<Episode> episodes = episodes(counted, episodeOf, asOf, windowDays);
        Instant firstContact = counted.stream().filter(f -> f.kind.equals("ContactRecorded")).map(f -> f.at).min(Comparator.naturalOrder()).orElse(null);
        Instant lastActivity = counted.stream().map(f -> f.at).max(Comparator.naturalOrder()).orElse(null);
        boolean isOpen = !episodes.isEmpty() && episodes.get(episodes.size() - 1).closed() == null;
        Instant end = isOpen || episodes.isEmpty() ? asOf : episodes.get(episodes.size() - 1).closed();
        return new Person(personId, counted, episodeOf, contacts, value, failure, byCategory, referrals.size(), accepted, declined, open,
                assessments, handoffs, support, people.size(), teams.size(), organisations.size(), minutes, faceToFace, firstContact,
                lastActivity, firstContact == null ? null : days(firstContact, end), isOpen, episodes, ownTeams, services, tags);
    }

    /** Episodes: a contact with none open opens one; a closure closes the open one; then each closed one's return. */
    private static List<Episode> episodes(List<Fields> counted, Map<String, Integer> episodeOf, Instant asOf, int windowDays) {
        List<Instant[]> spans = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        List<Set<String>> services = new ArrayList<>();
        List<Set<String>> teams = new ArrayList<>();
        boolean open = false;
        for (Fields f : counted) {
            if (!open && f.kind.equals("ContactRecorded")) {
                spans.add(new Instant[]{f.at, null});
                counts.add(new int[2]);
                services.add(new HashSet<>());
                teams.add(new HashSet<>());
                open = true;
            }
            if (!open) {
                continue;
            }
            int n = spans.size();
            episodeOf.put(f.id, n);
            add(services.get(n - 1), f.service);
            add(teams.get(n - 1), f.team);
            if (f.kind.equals("ContactRecorded")) {
                counts.get(n - 1)[0]++;
                counts.get(n - 1)[1] += "FAILURE".equals(f.demand) ? 1 : 0;
            } else if (f.kind.equals("CaseClosed")) {
                spans.get(n - 1)[1] = f.at;
                open = false;
            }
        }
        List<Episode> episodes = new ArrayList<>();
        for (int i = 0; i < spans.size(); i++) {
            Instant opened = spans.get(i)[0];
            Instant closed = spans.get(i)[1];
            Instant next = null;
            String status = null;
            if (closed != null) {
                for (Fields f : counted) {
                    if (f.kind.equals("ContactRecorded") && f.at.isAfter(closed) && (next == null || f.at.isBefore(next))) {
                        next = f.at;
                    }
                }
                Instant windowEnd = closed.plus(Duration.ofDays(windowDays));
                status = next != null && !next.isAfter(windowEnd) ? "RETURNED" : windowEnd.isAfter(asOf) ? "PENDING" : "NOT_RETURNED";
            }
            episodes.add(new Episode(i + 1, opened, closed, counts.get(i)[0], counts.get(i)[1], next, status,
                    days(opened, closed == null ? asOf : closed), services.get(i), teams.get(i)));
        }
        return episodes;
    }

    static double days(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 86_400_000.0;
    }

    private static Fields fields(PersonEvent event, long sequence) {
        Fields f = new Fields();
        f.id = event.eventId();
        f.kind = event.getClass().getSimpleName();
        f.sequence = sequence;
        f.at = event.occurredAt();
        f.service = event.service();
        f.team = event.team();
        f.organisation = event.organisation();
        f.practitioner = event.practitioner();
        f.tags = event.tags() == null ? List.of() : event.tags();
        if (event instanceof ContactRecorded c) {
            f.channel = c.channel();
            f.demand = c.demandType().name();
            f.category = c.failureCategory();
            f.minutes = c.durationMinutes();
            f.faceToFaceFlag = c.faceToFace();
        } else if (event instanceof AssessmentCompleted a) {
            f.minutes = a.durationMinutes();
            f.faceToFaceFlag = a.faceToFace();
        } else if (event instanceof SupportDelivered s) {
            f.minutes = s.durationMinutes();
            f.faceToFaceFlag = s.faceToFace();
        } else if (event instanceof ReferralMade r) {
            f.referralId = r.referralId();
            f.fromTeam = r.fromTeam();
            f.toTeam = r.toTeam();
            f.fromOrganisation = r.fromOrganisation();
            f.toOrganisation = r.toOrganisation();
        } else if (event instanceof ReferralResolved r) {
            f.referralId = r.referralId();
            f.outcome = r.outcome().name();
        } else if (event instanceof HandoffMade h) {
            f.fromPractitioner = h.fromPractitioner();
            f.toPractitioner = h.toPractitioner();
            f.fromTeam = h.fromTeam();
            f.toTeam = h.toTeam();
            f.fromOrganisation = h.fromOrganisation();
            f.toOrganisation = h.toOrganisation();
        } else if (!(event instanceof CaseClosed)) {
            throw new IllegalArgumentException("no fields for " + event.type());
        }
        return f;
    }

    private static void overwrite(Fields f, String field, Object value) {
        switch (field) {
            case "occurredAt" -> f.at = Instant.parse((String) value);
            case "durationMinutes" -> f.minutes = ((Number) value).intValue();
            case "demandType" -> f.demand = (String) value;
            case "failureCategory" -> f.category = (String) value;
            case "team" -> f.team = (String) value;
            default -> throw new IllegalArgumentException("the oracle does not correct " + field);
        }
    }

    private static void add(Set<String> set, String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                set.add(v);
            }
        }
    }
}
