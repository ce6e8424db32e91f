package org.casejourney.query.journey;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.casejourney.events.EventJson;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.testing.ContactRecordedBuilder;
import org.casejourney.events.testing.EventBuilder;
import org.casejourney.events.testing.TestEvents;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.casejourney.events.testing.TestEvents.assessmentCompleted;
import static org.casejourney.events.testing.TestEvents.contactRecorded;
import static org.casejourney.events.testing.TestEvents.eventCorrected;

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
        return add(contact(at, practitioner).whatMatters("help to get washed and dressed").durationMinutes(minutes));
    }

    Events failureContact(Instant at, String category, int minutes, String practitioner) {
        return add(contact(at, practitioner).failure(category).whatMatters("where is my assessment?").durationMinutes(minutes));
    }

    Events contactSaying(Instant at, String whatMatters) {
        return add(contact(at, "pr-1").whatMatters(whatMatters).durationMinutes(5));
    }

    Events contactBy(Instant at, String practitioner) {
        return add(contact(at, practitioner).durationMinutes(5));
    }

    Events personalDataErased(Instant at) {
        return add(TestEvents.personalDataErased().occurredAt(at).sourceSystem("casejourney").reason("erasure request 2026-3"));
    }

    Events faceToFaceAssessment(Instant at, int minutes, String practitioner) {
        return add(assessmentCompleted().occurredAt(at).team("reablement-north").organisation("county-council")
                .practitioner(practitioner).sourceSystem("case-system").outcome("eligible").durationMinutes(minutes).faceToFace(true));
    }

    Events caseClosed(Instant at) {
        return add(TestEvents.caseClosed().occurredAt(at).team("reablement-north").organisation("county-council")
                .sourceSystem("case-system"));
    }

    /** A correction of this stream's event number {@code index}. */
    Events correction(Instant at, int index, Map<String, Object> changes) {
        return add(eventCorrected(personId + "-e" + index).occurredAt(at).service("adult-social-care").team("contact-centre")
                .organisation("county-council").practitioner("pr-1").sourceSystem("crm").changes(changes));
    }

    /** A phone contact to the contact centre, as the contact centre's CRM sends it. */
    private static ContactRecordedBuilder contact(Instant at, String practitioner) {
        return contactRecorded().occurredAt(at).team("contact-centre").organisation("county-council").practitioner(practitioner)
                .sourceSystem("crm").faceToFace(false);
    }

    private Events add(EventBuilder<?, ?> event) {
        return add(event.eventId(id()).build());
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
