package org.casejourney.faults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.casejourney.events.EventJson;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What one client sends: for each person, a fixed sequence of valid events whose ids and content
 * depend only on the client's tag, the person and the position, so a retry is always the same event.
 */
public final class EventPlan {

    /** One person's events as one client sends them, in this order. */
    public record Person(String id, int events) {
    }

    private static final String[] SERVICES = {"adult-social-care", "housing", "community-health", "benefits"};
    private static final String[] CHANNELS = {"PHONE", "FACE_TO_FACE", "HOME_VISIT", "ONLINE", "EMAIL", "LETTER"};
    private static final String[] CATEGORIES = {"PROGRESS_CHASING", "REPEAT_CONTACT", "NOT_DONE_RIGHT_FIRST_TIME",
            "WRONG_INFORMATION", "NO_RESPONSE", "WRONGLY_ROUTED", "OTHER"};

    private final String clientTag;
    private final List<Person> people;
    private final Instant start;

    /**
     * @param clientTag part of every event id; two clients writing to the same people use different tags
     * @param start occurredAt of each person's first event; later ones follow a minute apart
     */
    public EventPlan(String clientTag, List<Person> people, Instant start) {
        if (!clientTag.matches("[A-Za-z0-9.-]{1,40}")) {
            throw new IllegalArgumentException("client tag: " + clientTag);
        }
        this.clientTag = clientTag;
        this.people = List.copyOf(people);
        this.start = start.truncatedTo(ChronoUnit.SECONDS);
    }

    /** {@code count} people named {@code <prefix>-p00000...}, each with {@code eventsEach} events. */
    public static List<Person> people(String prefix, int count, int eventsEach) {
        List<Person> people = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            people.add(new Person(String.format("%s-p%05d", prefix, i), eventsEach));
        }
        return people;
    }

    public List<Person> people() {
        return people;
    }

    public String clientTag() {
        return clientTag;
    }

    public long totalEvents() {
        return people.stream().mapToLong(Person::events).sum();
    }

    public String eventId(String personId, int k) {
        return clientTag + ":" + personId + ":" + k;
    }

    /** The k-th event of the person; the same k always gives the same content. */
    public ObjectNode event(String personId, int k) {
        int h = Math.floorMod((personId + k).hashCode(), 1 << 20);
        ObjectNode e = EventJson.mapper().createObjectNode();
        int kind = k % 10;
        String type = kind == 9 ? "CaseClosed" : kind == 4 || kind == 7 ? "SupportDelivered" : kind == 2 ? "AssessmentCompleted" : "ContactRecorded";
        e.put("type", type);
        e.put("eventId", eventId(personId, k));
        e.put("occurredAt", start.plus(k, ChronoUnit.MINUTES).toString());
        e.put("service", SERVICES[h % SERVICES.length]);
        e.put("team", "team-" + (h % 7));
        e.put("organisation", "org-" + (h % 3));
        e.put("practitioner", "staff-" + (h % 29));
        switch (type) {
            case "ContactRecorded" -> {
                e.put("channel", CHANNELS[h % CHANNELS.length]);
                boolean failure = h % 3 == 0;
                e.put("demandType", failure ? "FAILURE" : "VALUE");
                if (failure) {
                    e.put("failureCategory", CATEGORIES[h % CATEGORIES.length]);
                }
                e.put("whatMatters", "contact " + k + " of " + personId);
                e.put("durationMinutes", 5 + h % 40);
                e.put("faceToFace", h % 2 == 0);
            }
            case "SupportDelivered" -> {
                e.put("activity", "personal-care");
                e.put("durationMinutes", 30 + h % 60);
                e.put("faceToFace", true);
            }
            case "AssessmentCompleted" -> {
                e.put("assessmentType", "CARE_ACT");
                e.put("outcome", "ELIGIBLE");
                e.put("durationMinutes", 60 + h % 30);
                e.put("faceToFace", h % 4 != 0);
            }
            default -> e.put("outcome", "NEEDS_MET");
        }
        return e;
    }
}
