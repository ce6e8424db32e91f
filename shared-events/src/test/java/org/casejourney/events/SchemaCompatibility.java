package org.casejourney.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What in a new version of an event's JSON Schema a reader of the old one could not take: the changes that
 * make a new major version (docs/events.md, "Versions and compatibility"). Adding an optional property is
 * not among them; removing or renaming one, requiring one, narrowing a type or closed set, tightening a
 * limit or changing a pattern, const or format are.
 */
final class SchemaCompatibility {

    private SchemaCompatibility() {
    }

    static List<String> breakingChanges(JsonNode older, JsonNode newer) {
        List<String> breaks = new ArrayList<>();
        compare("", older, newer, breaks);
        return breaks;
    }

    private static void compare(String path, JsonNode older, JsonNode newer, List<String> breaks) {
        String at = path.isEmpty() ? "(event)" : path;
        Set<String> oldTypes = types(older);
        Set<String> newTypes = types(newer);
        if (!newTypes.isEmpty() && !newTypes.containsAll(oldTypes)) {
            breaks.add(at + ": type " + oldTypes + " narrowed to " + newTypes);
        }
        for (String exact : List.of("const", "pattern", "format")) {
            if (!older.path(exact).equals(newer.path(exact))) {
                breaks.add(at + ": " + exact + " changed from " + older.path(exact) + " to " + newer.path(exact));
            }
        }
        if (older.has("enum") || newer.has("enum")) {
            Set<String> oldValues = texts(older.path("enum"));
            Set<String> newValues = texts(newer.path("enum"));
            if (newer.has("enum") && (!older.has("enum") || !newValues.containsAll(oldValues))) {
                oldValues.removeAll(newValues);
                breaks.add(at + ": closed set narrowed" + (oldValues.isEmpty() ? "" : ", no longer " + oldValues));
            }
        }
        for (String upper : List.of("maxLength", "maximum", "maxItems", "maxProperties")) {
            if (newer.has(upper) && (!older.has(upper) || newer.get(upper).asDouble() < older.get(upper).asDouble())) {
                breaks.add(at + ": " + upper + " tightened from " + older.path(upper) + " to " + newer.get(upper));
            }
        }
        for (String lower : List.of("minLength", "minimum", "minItems", "minProperties")) {
            if (newer.has(lower) && (!older.has(lower) || newer.get(lower).asDouble() > older.get(lower).asDouble())) {
                breaks.add(at + ": " + lower + " tightened from " + older.path(lower) + " to " + newer.get(lower));
            }
        }
        Set<String> newlyRequired = texts(newer.path("required"));
        newlyRequired.removeAll(texts(older.path("required")));
        newlyRequired.forEach(name -> breaks.add(prefix(path) + name + ": newly required"));
        for (Iterator<Map.Entry<String, JsonNode>> it = older.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            JsonNode now = newer.path("properties").get(property.getKey());
            if (now == null) {
                breaks.add(prefix(path) + property.getKey() + ": removed (or renamed)");
            } else {
                compare(prefix(path) + property.getKey(), property.getValue(), now, breaks);
            }
        }
        if (older.has("items") && newer.has("items")) {
            compare(path + "[]", older.get("items"), newer.get("items"), breaks);
        }
        JsonNode oldExtra = older.path("additionalProperties");
        JsonNode newExtra = newer.path("additionalProperties");
        if (oldExtra.isObject() && newExtra.isObject()) {
            compare(path + "{}", oldExtra, newExtra, breaks);
        } else if ((oldExtra.isMissingNode() || oldExtra.isObject() || oldExtra.asBoolean()) && newExtra.isBoolean() && !newExtra.asBoolean()) {
            breaks.add(at + ": other properties no longer allowed");
        }
    }

    private static String prefix(String path) {
        return path.isEmpty() ? "" : path + ".";
    }

    private static Set<String> types(JsonNode schema) {
        return texts(schema.path("type"));
    }

    private static Set<String> texts(JsonNode node) {
        Set<String> texts = new HashSet<>();
        if (node.isArray()) {
            node.forEach(n -> texts.add(n.asText()));
        } else if (node.isValueNode() && !node.isNull()) {
            texts.add(node.asText());
        }
        return texts;
    }
}
