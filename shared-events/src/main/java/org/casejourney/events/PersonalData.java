package org.casejourney.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The fields that hold personal free text, in the person's or a practitioner's words about the
 * person: {@code whatMatters} of a contact and every {@code reason} of a referral, handoff,
 * correction or retraction, and the same fields inside a correction's {@code changes}. The command
 * side stores them encrypted under the person's key (erasure destroys the key); the query side
 * never keeps them. Everything else is codes, times and identifiers that the measures need.
 * ({@link PersonalDataErased#reason()} is about the erasure, not the person, and stays readable.)
 */
public final class PersonalData {

    /** The personal field names, as they appear in the JSON form and in {@code changes}. */
    public static final Set<String> FIELDS = Set.of("whatMatters", "reason");

    private PersonalData() {
    }

    /** The event with {@code f} applied to each personal field that has a value; other fields untouched. */
    public static PersonEvent map(PersonEvent event, UnaryOperator<String> f) {
        if (event instanceof ContactRecorded c) {
            return new ContactRecorded(c.eventId(), c.occurredAt(), c.service(), c.team(), c.organisation(), c.practitioner(),
                    c.sourceSystem(), c.correlationId(), c.causationId(), c.tags(), c.channel(), c.demandType(),
                    c.failureCategory(), apply(f, c.whatMatters()), c.durationMinutes(), c.faceToFace());
        } else if (event instanceof ReferralMade r) {
            return new ReferralMade(r.eventId(), r.occurredAt(), r.service(), r.team(), r.organisation(), r.practitioner(),
                    r.sourceSystem(), r.correlationId(), r.causationId(), r.tags(), r.referralId(), r.fromTeam(), r.toTeam(),
                    r.fromOrganisation(), r.toOrganisation(), apply(f, r.reason()));
        } else if (event instanceof HandoffMade h) {
            return new HandoffMade(h.eventId(), h.occurredAt(), h.service(), h.team(), h.organisation(), h.practitioner(),
                    h.sourceSystem(), h.correlationId(), h.causationId(), h.tags(), h.fromPractitioner(), h.fromTeam(),
                    h.fromOrganisation(), h.toPractitioner(), h.toTeam(), h.toOrganisation(), apply(f, h.reason()));
        } else if (event instanceof EventCorrected c) {
            Map<String, Object> changes = c.changes();
            if (changes != null) {
                changes = new LinkedHashMap<>(changes);
                for (String field : FIELDS) {
                    if (changes.get(field) instanceof String value) {
                        changes.put(field, f.apply(value));
                    }
                }
            }
            return new EventCorrected(c.eventId(), c.occurredAt(), c.service(), c.team(), c.organisation(), c.practitioner(),
                    c.sourceSystem(), c.correlationId(), c.causationId(), c.tags(), c.correctsEventId(), changes, apply(f, c.reason()));
        } else if (event instanceof EventRetracted r) {
            return new EventRetracted(r.eventId(), r.occurredAt(), r.service(), r.team(), r.organisation(), r.practitioner(),
                    r.sourceSystem(), r.correlationId(), r.causationId(), r.tags(), r.correctsEventId(), apply(f, r.reason()));
        }
        return event;
    }

    /** The recorded event with its event's personal fields mapped. */
    public static RecordedEvent map(RecordedEvent recorded, UnaryOperator<String> f) {
        return new RecordedEvent(recorded.personId(), recorded.sequence(), recorded.globalPosition(), recorded.recordedAt(),
                recorded.recordedBy(), map(recorded.event(), f));
    }

    private static String apply(UnaryOperator<String> f, String value) {
        return value == null ? null : f.apply(value);
    }
}
