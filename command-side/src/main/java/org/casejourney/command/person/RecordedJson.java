package org.casejourney.command.person;

import com.fasterxml.jackson.core.JsonGenerator;
import org.casejourney.events.EventJson;
import org.casejourney.events.RecordedEvent;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * What {@code EventJson.write(RecordedEvent)} gives, written around an event's JSON as it was stored instead of
 * from the record: the topic's record value, and the canonical form the hash chain covers.
 */
public final class RecordedJson {

    private RecordedJson() {
    }

    /**
     * The envelope with {@code event} spliced in verbatim; {@code recordedAt} as stored, in the ISO-8601 form
     * {@code Instant.toString()} and the event contract's mapper both write; null position and recordedBy left out.
     */
    public static String of(String personId, long sequence, Long globalPosition, String recordedAt, String recordedBy, String event) {
        StringWriter out = new StringWriter(event.length() + 256);
        try (JsonGenerator json = EventJson.mapper().getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("personId", personId);
            json.writeNumberField("sequence", sequence);
            if (globalPosition != null) {
                json.writeNumberField("globalPosition", globalPosition);
            }
            json.writeStringField("recordedAt", recordedAt);
            if (recordedBy != null) {
                json.writeStringField("recordedBy", recordedBy);
            }
            json.writeFieldName("event");
            json.writeRawValue(event);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
