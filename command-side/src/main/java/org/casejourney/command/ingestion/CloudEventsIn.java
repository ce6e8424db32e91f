package org.casejourney.command.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.http.HttpMessageFactory;
import jakarta.servlet.http.HttpServletRequest;
import org.casejourney.platform.problems.ApiProblem.FieldError;
import org.casejourney.platform.problems.ApiProblem;
import org.casejourney.events.Fields;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import java.util.ArrayList;
import java.util.List;

/**
 * A CloudEvent posted over HTTP (structured mode, {@code application/cloudevents+json}, or binary mode,
 * {@code ce-*} headers) read through the CloudEvents SDK into the event its {@code data} holds. The
 * attributes must agree with the data: {@code type} is {@code org.casejourney.<event type>}, {@code id} is
 * the {@code eventId} (either fills the other when the data leaves it out), {@code subject}, when given,
 * is the person, and the data is JSON. The event then goes the way a plain one does (docs/api.md).
 */
final class CloudEventsIn {

    static final String STRUCTURED = "application/cloudevents+json";
    static final String TYPE_PREFIX = "org.casejourney.";

    /** The event's JSON as the plain endpoints take it, and the CloudEvent's source for the provenance. */
    record Read(JsonNode event, String source) {
    }

    private CloudEventsIn() {
    }

    /** Whether the request is a CloudEvent in binary mode (its attributes in {@code ce-} headers). */
    private static final MediaType STRUCTURED_TYPE = MediaType.parseMediaType(STRUCTURED);

    /**
     * Whether the request carries a CloudEvent, binary ({@code ce-specversion} header) or structured (its content type);
     * read from two headers, not a copy of them all, as most posts are plain events.
     */
    static boolean isCloudEvent(HttpServletRequest request) {
        if (request.getHeader("ce-specversion") != null) {
            return true;
        }
        String contentType = request.getContentType();
        return contentType != null && !contentType.startsWith(MediaType.APPLICATION_JSON_VALUE)
                && MediaType.parseMediaType(contentType).isCompatibleWith(STRUCTURED_TYPE);
    }

    static Read read(HttpHeaders headers, byte[] body, String personId, EventParser parser) {
        CloudEvent event;
        try {
            event = HttpMessageFactory.createReader(each -> headers.forEach((name, values) -> values.forEach(v -> each.accept(name, v))),
                    body == null ? new byte[0] : body).toEvent();
        } catch (RuntimeException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-cloudevent", "Malformed CloudEvent",
                    "The request is not a CloudEvent 1.0 the SDK can read (structured mode: Content-Type " + STRUCTURED
                            + " and the event as JSON; binary mode: ce-specversion, ce-id, ce-source and ce-type headers and the "
                            + "data as the body): " + reason(e));
        }
        if (event.getSpecVersion() != SpecVersion.V1) {
            throw ApiProblem.invalidEvent(List.of(new FieldError("cloudevent.specversion", "must be 1.0")));
        }
        if (event.getData() == null) {
            throw ApiProblem.invalidEvent(List.of(new FieldError("cloudevent.data", "is required: the event, as JSON")));
        }
        String contentType = event.getDataContentType();
        if (contentType != null && !contentType.startsWith("application/json")) {
            throw ApiProblem.invalidEvent(List.of(new FieldError("cloudevent.datacontenttype",
                    "'" + contentType + "' is not application/json: the data must be one of the documented events as JSON")));
        }
        JsonNode data = parser.readTree(event.getData().toBytes());
        if (!data.isObject()) {
            throw ApiProblem.invalidEvent(List.of(new FieldError("cloudevent.data", "must be a JSON object: one of the documented events")));
        }
        String source = event.getSource() == null ? null : event.getSource().toString();
        if (source != null && source.length() > Fields.CODE_MAX) {
            throw ApiProblem.invalidEvent(List.of(new FieldError("cloudevent.source", "is longer than " + Fields.CODE_MAX
                    + " characters; it becomes the event's sourceSystem where X-Source-System is absent: shorten it or send that header")));
        }
        return new Read(agree((ObjectNode) data, event, personId), source);
    }

    /** What the SDK found wrong, without the names of the classes that found it. */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.fasterxml.jackson.core.JacksonException j) {
                return j.getOriginalMessage();
            }
            if (t.getCause() == null) {
                return String.valueOf(t.getMessage()).replaceAll("[a-z]+(\\.[a-z0-9]+)+\\.[A-Z][A-Za-z]*(Exception|Error): ?", "");
            }
        }
        return "unreadable";
    }

    /** The data with {@code type} and {@code eventId} filled from the attributes where it left them out; a contradiction is refused. */
    private static ObjectNode agree(ObjectNode data, CloudEvent event, String personId) {
        List<FieldError> errors = new ArrayList<>();
        if (!event.getType().startsWith(TYPE_PREFIX)) {
            errors.add(new FieldError("cloudevent.type", "'" + event.getType() + "' is not " + TYPE_PREFIX + "<event type>, e.g. "
                    + TYPE_PREFIX + "ContactRecorded"));
        } else {
            String type = event.getType().substring(TYPE_PREFIX.length());
            if (!data.hasNonNull("type")) {
                data.put("type", type);
            } else if (!data.get("type").asText().equals(type)) {
                errors.add(new FieldError("cloudevent.type", "'" + event.getType() + "' names another type than the data's '" + data.get("type").asText() + "'"));
            }
        }
        if (!data.hasNonNull("eventId")) {
            data.put("eventId", event.getId());
        } else if (!data.get("eventId").asText().equals(event.getId())) {
            errors.add(new FieldError("cloudevent.id", "'" + event.getId() + "' is not the data's eventId '" + data.get("eventId").asText()
                    + "': the CloudEvent's id is the eventId"));
        }
        if (event.getSubject() != null && !event.getSubject().equals(personId)) {
            errors.add(new FieldError("cloudevent.subject", "'" + event.getSubject() + "' is not the person in the path, '" + personId + "'"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalidEvent(errors);
        }
        return data;
    }
}
