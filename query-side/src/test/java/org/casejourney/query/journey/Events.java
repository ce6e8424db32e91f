package org.casejourney.query.journey;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.casejourney.events.AssessmentCompleted;
import org.casejourney.events.CaseClosed;
import org.casejourney.events.CaseOutcome;
import org.casejourney.events.Channel;
import org.casejourney.events.ContactRecorded;
import org.casejourney.events.DemandType;
import org.casejourney.events.EventCorrected;
import org.casejourney.events.EventJson;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.PersonalDataErased;
import org.casejourney.events.RecordedEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds a person's stream the way the command side publishes it. */
final class Events {

    private final String personId;
    private final List<RecordedEvent> recorded = new ArrayList<>();

    private Events(String personId) {
        this.personId = personId;
    }

    static Events of(String personId) {
        return new Events(personId);
    }

    Events valueContact(Instant at, int minutes, String practitioner) {
        return add(new ContactRecorded(id(), at, "adult-social-care", "contact-centre", "county-council", practitioner,
                "crm", null, null, null, Channel.PHONE, DemandType.VALUE, null, "help to get washed and dressed", minutes, false));
    }

    Events failureContact(Instant at, String category, int minutes, String practitioner) {
        return add(new ContactRecorded(id(), at, "adult-social-care", "contact-centre", "county-council", practitioner,
                "crm", null, null, null, Channel.PHONE, DemandType.FAILURE, category, "where is my assessment?", minutes, false));
    }

    Events contactSaying(Instant at, String whatMatters) {
        return add(new ContactRecorded(id(), at, "adult-social-care", "contact-centre", "county-council", "pr-1",
                "crm", null, null, null, Channel.PHONE, DemandType.VALUE, null, whatMatters, 5, false));
    }

    Events contactBy(Instant at, String practitioner) {
        return add(new ContactRecorded(id(), at, "adult-social-care", "contact-centre", "county-council", practitioner,
                "crm", null, null, null, Channel.PHONE, DemandType.VALUE, null, null, 5, false));
    }

    Events personalDataErased(Instant at) {
        return add(new PersonalDataErased(id(), at, null, null, null, null, "casejourney", null, null, null, "erasure request 2026-3"));
    }

    Events faceToFaceAssessment(Instant at, int minutes, String practitioner) {
        return add(new AssessmentCompleted(id(), at, "adult-social-care", "reablement-north", "county-council", practitioner,
                "case-system", null, null, null, "care-act-needs", "eligible", minutes, true));
    }

    Events caseClosed(Instant at) {
        return add(new CaseClosed(id(), at, "adult-social-care", "reablement-north", "county-council", null,
                "case-system", null, null, null, CaseOutcome.NEEDS_MET));
    }

    /** A correction of this stream's event number {@code index}. */
    Events correction(Instant at, int index, Map<String, Object> changes) {
        return add(new EventCorrected(id(), at, "adult-social-care", "contact-centre", "county-council", "pr-1",
                "crm", null, null, null, personId + "-e" + index, changes, "entered wrongly"));
    }

    private Events add(PersonEvent event) {
        long sequence = recorded.size();
        recorded.add(new RecordedEvent(personId, sequence, 1_000 + sequence, event.occurredAt().plusSeconds(5), "anonymous", event));
        return this;
    }

    private String id() {
        return personId + "-e" + recorded.size();
    }

    List<RecordedEvent> recorded() {
        return List.copyOf(recorded);
    }

    /** The stream as records of one partition, from {@code firstOffset} on. */
    List<ConsumerRecord<String, String>> records(String topic, int partition, long firstOffset) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (RecordedEvent r : recorded) {
            records.add(record(topic, partition, firstOffset + records.size(), personId, EventJson.write(r)));
        }
        return records;
    }

    static ConsumerRecord<String, String> record(String topic, int partition, long offset, String key, String value) {
        return new ConsumerRecord<>(topic, partition, offset, key, value);
    }
}
