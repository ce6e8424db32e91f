package org.casejourney.command.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import org.casejourney.events.PersonEvent;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The ingestion package's door for the other ways events come in (the FHIR endpoint, package
 * {@code fhir}): reading and checking an event exactly as the plain endpoints do, the provenance
 * of a request, and recording items each on its own ({@link Ingestion}) or all or nothing
 * ({@link AllOrNothing}). Everything else of the package stays inside it.
 */
@Component
public class EventIntake {

    private final EventParser parser;
    private final Ingestion ingestion;
    private final AllOrNothing allOrNothing;

    EventIntake(EventParser parser, Ingestion ingestion, AllOrNothing allOrNothing) {
        this.parser = parser;
        this.ingestion = ingestion;
        this.allOrNothing = allOrNothing;
    }

    /** The body as JSON; an {@code ApiProblem} (400) when it is not JSON. */
    public JsonNode readTree(byte[] body) {
        return parser.readTree(body);
    }

    /** The event a JSON object means, checked as a plain event is; an {@code ApiProblem} (422) naming every bad field when it is not valid. */
    public PersonEvent parse(JsonNode event) {
        return parser.parse(event);
    }

    /** The provenance of a request from its X-Source-System and X-Correlation-Id headers; an {@code ApiProblem} (400) when one is invalid. */
    public Provenance provenance(String sourceSystem, String correlationId) {
        return Provenance.fromHeaders(sourceSystem, correlationId);
    }

    /** Each item decided and stored on its own, as in {@code POST /api/v1/events/batch}; one outcome per item, in order. */
    public List<Outcome> recordBatch(List<Item> items, Provenance provenance) {
        return ingestion.recordBatch(items, provenance);
    }

    /** Every item stored or none (see {@link AllOrNothing}); the items must be free of problems. */
    public List<Outcome> recordAllOrNothing(List<Item> items, Provenance provenance) {
        return allOrNothing.record(items, provenance);
    }
}
