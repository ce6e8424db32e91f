package org.casejourney.query.journey;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.casejourney.events.EventJson;
import org.casejourney.events.RecordedEvent;

/** An event to apply and its record: from the topic ({@code read}), or as a rebuild's fold rebuilds it ({@code given}). */
record Incoming(ReadRecord read, ConsumerRecord<String, String> given, RecordedEvent event) {

    Incoming(ReadRecord read) {
        this(read, null, read.event());
    }

    Incoming(ConsumerRecord<String, String> given, RecordedEvent event) {
        this(null, given, event);
    }

    /** The event's JSON for its journey_event row: written when the record was read, else now. */
    String payload() {
        return read != null ? read.payload() : EventJson.write(event);
    }

    /** The record as it is parked. */
    ConsumerRecord<String, String> record() {
        return read != null ? read.record() : given;
    }

    /** The record's place, timestamp and key, without writing the parked value. */
    ConsumerRecord<String, String> origin() {
        return read != null ? read.original() : given;
    }
}
