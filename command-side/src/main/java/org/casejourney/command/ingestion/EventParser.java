package org.casejourney.command.ingestion;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.casejourney.platform.problems.ApiProblem;
import org.casejourney.platform.problems.ApiProblem.FieldError;
import org.casejourney.command.platform.CaseJourneyProperties;
import org.casejourney.events.EventRules;
import org.casejourney.events.FailureCategories;
import org.casejourney.events.PersonEvent;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a JSON object into a valid event or an {@link ApiProblem} naming every bad field:
 * shape (Jackson), field rules (Bean Validation on the records), cross-field rules
 * ({@link EventRules}) and the clock.
 */
@Component
class EventParser {

    static final List<String> TYPES = List.of("ContactRecorded", "ReferralMade", "ReferralResolved",
            "AssessmentCompleted", "SupportDelivered", "HandoffMade", "CaseClosed", "EventCorrected", "EventRetracted");

    /** Before this an occurredAt is a typo (year 0026, 1026), not history. */
    static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

    private final ObjectMapper mapper;
    private final Validator validator;
    private final Clock clock;
    private final Duration clockSkew;
    private final Set<String> failureCategories;

    EventParser(ObjectMapper mapper, Validator validator, Clock clock, CaseJourneyProperties properties) {
        this.mapper = mapper;
        this.validator = validator;
        this.clock = clock;
        this.clockSkew = properties.ingestion().clockSkew();
        this.failureCategories = FailureCategories.withExtra(properties.ingestion().extraFailureCategories());
    }

    Set<String> failureCategories() {
        return failureCategories;
    }

    /** The parsed JSON document, or a 400 problem saying where it is broken. */
    JsonNode readTree(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON", "The request body is empty; send one JSON object.");
        }
        String text;
        try {
            // strict UTF-8: Jackson alone would decode overlong forms (a disguised '/' or '<')
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
                    "The body is not valid UTF-8; JSON between systems must be UTF-8 (RFC 8259).");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        try {
            return mapper.readTree(text);
        } catch (JacksonException e) {
            var location = e.getLocation();
            String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
                    "The body is not valid JSON" + where + ": " + e.getOriginalMessage());
        }
    }

    PersonEvent parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON", "An event must be a JSON object.");
        }
        JsonNode type = node.get("type");
        if (type == null || type.isNull()) {
            throw ApiProblem.invalidEvent(List.of(new FieldError("type", "is required; one of " + TYPES)));
        }
        if (!type.isTextual() || !TYPES.contains(type.asText())) {
            throw ApiProblem.invalidEvent(List.of(new FieldError("type", "'" + type.asText() + "' is not an event type; one of " + TYPES)));
        }
        List<FieldError> unstorable = new ArrayList<>();
        findUnstorableText(node, "", unstorable);
        if (!unstorable.isEmpty()) {
            throw ApiProblem.invalidEvent(unstorable);
        }
        PersonEvent event;
        try {
            event = mapper.treeToValue(node, PersonEvent.class);
        } catch (JacksonException e) {
            throw ApiProblem.invalidEvent(List.of(jsonError(e)));
        }
        check(event, "");
        return event;
    }

    /**
     * PostgreSQL's text and jsonb cannot hold U+0000 or half a surrogate pair (JSON escapes can
     * spell both): refuse them here rather than strand the event downstream.
     */
    private static void findUnstorableText(JsonNode node, String path, List<FieldError> errors) {
        if (node.isTextual()) {
            unstorable(node.textValue()).ifPresent(problem -> errors.add(new FieldError(path, problem)));
        } else if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if (unstorable(f.getKey()).isPresent()) {
                    errors.add(new FieldError(path.isEmpty() ? "(field name)" : path, "a field name " + unstorable(f.getKey()).get()));
                } else {
                    findUnstorableText(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey(), errors);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                findUnstorableText(node.get(i), path + "[" + i + "]", errors);
            }
        }
    }

    private static java.util.Optional<String> unstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return java.util.Optional.of("contains a NUL character (U+0000), which cannot be stored");
            }
            if (Character.isHighSurrogate(c) && (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
                return java.util.Optional.of("contains half of a UTF-16 surrogate pair, which is not a character");
            }
        }
        return java.util.Optional.empty();
    }

    /** Field rules, cross-field rules and the clock; {@code prefix} names where the event sits (e.g. "changes."). */
    void check(PersonEvent event, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<PersonEvent> v : validator.validate(event)) {
            errors.add(new FieldError(prefix + fieldName(v), v.getMessage()));
        }
        EventRules.check(event, failureCategories).forEach(v -> errors.add(new FieldError(prefix + v.field(), v.message())));
        Instant latest = clock.instant().plus(clockSkew);
        if (event.occurredAt() != null && event.occurredAt().isBefore(EARLIEST)) {
            errors.add(new FieldError(prefix + "occurredAt", "is before " + EARLIEST + "; no public service record is that old"));
        }
        if (event.occurredAt() != null && event.occurredAt().isAfter(latest)) {
            errors.add(new FieldError(prefix + "occurredAt", "is in the future (" + event.occurredAt()
                    + "); the service clock allows at most " + clockSkew.toSeconds() + " s of skew"));
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::field));
            throw ApiProblem.invalidEvent(errors);
        }
    }

    private static String fieldName(ConstraintViolation<?> v) {
        // "tags[1].<list element>" reads better as "tags[1]"
        return v.getPropertyPath().toString().replace(".<list element>", "");
    }

    private FieldError jsonError(JacksonException e) {
        String field = e instanceof JsonMappingException m ? path(m.getPath()) : "";
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : "; known fields: " + u.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            return new FieldError(field, "is not a field of this event type" + known);
        }
        if (e instanceof InvalidTypeIdException) {
            return new FieldError("type", "is not an event type; one of " + TYPES);
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            String values = java.util.Arrays.stream(f.getTargetType().getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
            return new FieldError(field, "'" + f.getValue() + "' is not one of " + values);
        }
        if (e instanceof DatabindException d && d.getCause() instanceof java.time.DateTimeException) {
            return new FieldError(field, "is not an ISO-8601 instant such as 2026-03-01T09:30:00Z");
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() == Instant.class) {
            return new FieldError(field, "is not an ISO-8601 instant such as 2026-03-01T09:30:00Z");
        }
        return new FieldError(field.isEmpty() ? "(body)" : field, "has the wrong type or form: " + e.getOriginalMessage());
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (var ref : refs) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** Splits a batch item into its person id and its event. */
    static ObjectNode withoutField(JsonNode item, String field) {
        ObjectNode copy = ((ObjectNode) item).deepCopy();
        copy.remove(field);
        return copy;
    }
}
