package org.casejourney.command.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.casejourney.platform.problems.ApiProblem;
import org.casejourney.command.platform.CaseJourneyProperties;
import org.casejourney.events.Fields;
import org.casejourney.events.PersonEvent;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.time.Instant;
import java.util.Enumeration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Front-line systems post what happened to a person: one event, or a batch for bulk loads. */
@RestController
@RequestMapping("/api/v1")
class IngestionController {


    /** The acknowledgement of a stored (201) or already stored (200) event. */
    record Receipt(String eventId, String personId, long sequence, Instant recordedAt) {
    }

    /** One result per batch item, in order: a receipt, or the problem that kept it out. */
    record ItemResult(int index, int status, String eventId, String personId, Long sequence, Instant recordedAt,
                      ProblemDetail problem) {
    }

    record BatchResponse(int accepted, int duplicates, int rejected, List<ItemResult> results) {
    }

    static final String SOURCE_SYSTEM = "X-Source-System";
    static final String CORRELATION_ID = "X-Correlation-Id";

    private final Ingestion ingestion;
    private final GroupCommit groupCommit;
    private final EventParser parser;
    private final int batchMaxEvents;

    IngestionController(Ingestion ingestion, GroupCommit groupCommit, EventParser parser, CaseJourneyProperties properties) {
        this.ingestion = ingestion;
        this.groupCommit = groupCommit;
        this.parser = parser;
        this.batchMaxEvents = properties.ingestion().batchMaxEvents();
    }

    @Operation(summary = "Record one event on a person's stream",
            description = "Idempotent by eventId: a retry with the same content answers 200 with the original receipt. "
                    + "Also takes the event as a CloudEvent 1.0: structured mode (Content-Type application/cloudevents+json, the event as data) "
                    + "or binary mode (ce-specversion, ce-id, ce-source, ce-type headers, the event as the body); ce-type is "
                    + "org.casejourney.<event type>, ce-id the eventId, ce-subject (optional) the person, ce-source the sender "
                    + "when X-Source-System is absent.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
                    content = @Content(schema = @Schema(implementation = PersonEvent.class))),
            responses = {
                    @ApiResponse(responseCode = "201", description = "stored"),
                    @ApiResponse(responseCode = "200", description = "already stored with the same content (a retry)"),
                    @ApiResponse(responseCode = "400", description = "malformed JSON or person id", content = @Content(mediaType = "application/problem+json")),
                    @ApiResponse(responseCode = "409", description = "eventId already used with different content", content = @Content(mediaType = "application/problem+json")),
                    @ApiResponse(responseCode = "413", description = "body too large", content = @Content(mediaType = "application/problem+json")),
                    @ApiResponse(responseCode = "422", description = "invalid event; errors name each field", content = @Content(mediaType = "application/problem+json")),
                    @ApiResponse(responseCode = "503", description = "nothing stored: event store unreachable (store-unavailable), writers of the same person colliding (concurrent-write, lock-conflict), or too many requests waiting (write-queue-full); retry with the same eventId", content = @Content(mediaType = "application/problem+json"))})
    @PostMapping(path = "/persons/{personId}/events", consumes = {MediaType.APPLICATION_JSON_VALUE, CloudEventsIn.STRUCTURED})
    @Parameter(in = ParameterIn.HEADER, name = SOURCE_SYSTEM, schema = @Schema(type = "string"),
            description = "The system that sends the event; stored as its provenance")
    @Parameter(in = ParameterIn.HEADER, name = CORRELATION_ID, schema = @Schema(type = "string"),
            description = "The sender's id for the request or workflow; stored as its provenance")
    ResponseEntity<Receipt> record(@PathVariable String personId, HttpServletRequest request) throws IOException {
        // the body and headers read from the request itself: Spring MVC's argument resolvers (converter choice, a
        // copy of every header, a data binder per header) were a ninth of this endpoint's request threads
        checkPersonId(personId);
        byte[] body = body(request);
        String sourceSystem = header(request, SOURCE_SYSTEM);
        String correlationId = header(request, CORRELATION_ID);
        PersonEvent event;
        if (CloudEventsIn.isCloudEvent(request)) {
            // a CloudEvent: its data is the event; its source names the sender where X-Source-System does not
            CloudEventsIn.Read read = CloudEventsIn.read(new ServletServerHttpRequest(request).getHeaders(), body, personId, parser);
            event = parser.parse(read.event());
            sourceSystem = sourceSystem != null ? sourceSystem : read.source();
        } else {
            event = parser.parse(parser.readTree(body));
        }
        Outcome outcome = groupCommit.record(personId, event, Provenance.fromHeaders(sourceSystem, correlationId));
        if (outcome.problem() != null) {
            throw outcome.problem();
        }
        return ResponseEntity.status(outcome.status())
                .body(new Receipt(outcome.eventId(), personId, outcome.sequence(), outcome.recordedAt()));
    }

    /**
     * The body read to its declared length: up to 8 KiB (a single event's body is about 1 KiB) that is one array of
     * exactly that length, where {@code readAllBytes} reads through a 16 KiB buffer and copies it, the largest
     * allocation of a single event's request (docs/performance.md); longer bodies come in 8 KiB pieces joined once,
     * and a body without a length is read as before.
     */
    private static byte[] body(HttpServletRequest request) throws IOException {
        long length = request.getContentLengthLong();
        return length >= 0 && length < Integer.MAX_VALUE ? request.getInputStream().readNBytes((int) length)
                : request.getInputStream().readAllBytes();
    }

    @Operation(summary = "Record many events, for many people, in one request",
            description = "Body {\"events\":[{\"personId\":\"...\", ...event fields}]}. One result per item, in order, "
                    + "with the single endpoint's statuses; one bad item never rejects the others. All stored items commit together.")
    @PostMapping(path = "/events/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    BatchResponse recordBatch(@RequestBody(required = false) byte[] body,
                              @RequestHeader(name = SOURCE_SYSTEM, required = false) String sourceSystem,
                              @RequestHeader(name = CORRELATION_ID, required = false) String correlationId) {
        JsonNode root = parser.readTree(body);
        JsonNode events = root.isObject() ? root.get("events") : null;
        if (events == null || !events.isArray()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-batch", "Malformed batch",
                    "A batch is a JSON object {\"events\": [ ... ]} whose items are events with a personId.");
        }
        if (events.isEmpty() || events.size() > batchMaxEvents) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "batch-size", "Batch size out of range",
                    "A batch holds 1 to " + batchMaxEvents + " events; this one holds " + events.size() + ".");
        }
        List<Item> items = new ArrayList<>(events.size());
        for (JsonNode node : events) {
            items.add(parseItem(node));
        }
        List<Outcome> outcomes = ingestion.recordBatch(items, Provenance.fromHeaders(sourceSystem, correlationId));
        List<ItemResult> results = new ArrayList<>(outcomes.size());
        int accepted = 0;
        int duplicates = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            accepted += o.status() == 201 ? 1 : 0;
            duplicates += o.status() == 200 ? 1 : 0;
            results.add(new ItemResult(i, o.status(), o.eventId(), o.personId(), o.sequence(), o.recordedAt(),
                    o.problem() == null ? null : o.problem().toProblemDetail()));
        }
        return new BatchResponse(accepted, duplicates, outcomes.size() - accepted - duplicates, results);
    }

    private Item parseItem(JsonNode node) {
        String personId = node.isObject() && node.get("personId") != null && node.get("personId").isTextual()
                ? node.get("personId").asText() : null;
        try {
            if (personId == null || !Fields.PERSON_ID.matches(personId)) {
                throw ApiProblem.invalidEvent(List.of(new ApiProblem.FieldError("personId",
                        "is required: 1-64 characters of A-Z a-z 0-9 . _ -")));
            }
            return new Item(personId, parser.parse(EventParser.withoutField(node, "personId")), null);
        } catch (ApiProblem problem) {
            return new Item(personId, null, problem);
        }
    }

    /** A header's values joined by commas, as {@code @RequestHeader} gives them to a String; null when absent. */
    private static String header(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        return values == null || !values.hasMoreElements() ? null : String.join(",", Collections.list(values));
    }

    static void checkPersonId(String personId) {
        if (!Fields.PERSON_ID.matches(personId)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-person-id", "Invalid person id",
                    "A personId is 1-64 characters of A-Z a-z 0-9 . _ -");
        }
    }
}
