package org.casejourney.query.cohorts;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an OCEL 2.0 JSON log (ocel-standard.org; schema in docs/standards/ocel20-schema-json.json): the declared
 * event and object types, objects, attributes and qualified relationships.
 */
final class OcelJson {

    private static final List<Attribute> COMMON = List.of(a("service", "string"), a("team", "string"), a("organisation", "string"));
    private static final Map<String, List<Attribute>> EVENT_TYPES = new LinkedHashMap<>();

    static {
        EVENT_TYPES.put("ContactRecorded", List.of(a("channel", "string"), a("demandType", "string"), a("failureCategory", "string"),
                a("durationMinutes", "integer"), a("faceToFace", "boolean")));
        EVENT_TYPES.put("AssessmentCompleted", List.of(a("assessmentType", "string"), a("outcome", "string"),
                a("durationMinutes", "integer"), a("faceToFace", "boolean")));
        EVENT_TYPES.put("SupportDelivered", List.of(a("activity", "string"), a("durationMinutes", "integer"), a("faceToFace", "boolean")));
        EVENT_TYPES.put("ReferralMade", List.of(a("fromTeam", "string"), a("toTeam", "string"), a("fromOrganisation", "string"),
                a("toOrganisation", "string")));
        EVENT_TYPES.put("ReferralResolved", List.of(a("outcome", "string")));
        EVENT_TYPES.put("HandoffMade", List.of(a("fromTeam", "string"), a("toTeam", "string")));
        EVENT_TYPES.put("CaseClosed", List.of(a("outcome", "string")));
    }

    private static final Map<String, List<Attribute>> OBJECT_TYPES = Map.of(
            "person", List.of(),
            "episode", List.of(a("outcome", "string"), a("returnStatus", "string"), a("endToEndDays", "float")),
            "referral", List.of(a("outcome", "string")),
            "team", List.of(),
            "practitioner", List.of());

    private OcelJson() {
    }

    /** The event types and object types, with their attributes' declared types. */
    static void types(JsonGenerator json) throws IOException {
        types(json, "eventTypes", EVENT_TYPES, true);
        types(json, "objectTypes", OBJECT_TYPES, false);
    }

    private static void types(JsonGenerator json, String field, Map<String, List<Attribute>> types, boolean common) throws IOException {
        json.writeArrayFieldStart(field);
        for (Map.Entry<String, List<Attribute>> type : types.entrySet()) {
            json.writeStartObject();
            json.writeStringField("name", type.getKey());
            json.writeArrayFieldStart("attributes");
            List<Attribute> attributes = new ArrayList<>(common ? COMMON : List.of());
            attributes.addAll(type.getValue());
            for (Attribute attribute : attributes) {
                json.writeStartObject();
                json.writeStringField("name", attribute.name());
                json.writeStringField("type", attribute.type());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    static void object(JsonGenerator json, String id, String type) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", id);
        json.writeStringField("type", type);
        json.writeArrayFieldStart("attributes");
        json.writeEndArray();
        json.writeEndObject();
    }

    /** One attribute; an absent value is left out. {@code time} is set on an object's attributes, never on an event's. */
    static void attribute(JsonGenerator json, String name, String value, Instant time) throws IOException {
        if (value == null || value.isBlank()) {
            return;
        }
        json.writeStartObject();
        json.writeStringField("name", name);
        json.writeStringField("value", value);
        if (time != null) {
            json.writeStringField("time", time.toString());
        }
        json.writeEndObject();
    }

    static void relationship(JsonGenerator json, String objectId, String qualifier) throws IOException {
        json.writeStartObject();
        json.writeStringField("objectId", objectId);
        json.writeStringField("qualifier", qualifier);
        json.writeEndObject();
    }

    /** A declared attribute: its name and OCEL type (string, integer, float, boolean, time). */
    private record Attribute(String name, String type) {
    }

    private static Attribute a(String name, String type) {
        return new Attribute(name, type);
    }
}
