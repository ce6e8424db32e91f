package org.casejourney.events;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Each event type's schema version, {@code major.minor} (docs/events.md, "Versions and compatibility"). A
 * minor version only adds optional fields, so a reader of an earlier minor of the same major reads it by
 * ignoring what it does not know; anything else (a field removed, renamed or newly required, a closed set
 * narrowed, a limit tightened) is a new major, which needs an upcaster before readers can take it.
 * {@code SchemaCompatibilityTest} holds the published schemas to these rules against the last release's.
 */
public final class EventVersions {

    /** The version of every type now; raise one type's entry when its record changes. */
    private static final Map<String, Version> CURRENT = Map.of(
            "ContactRecorded", new Version(1, 0),
            "ReferralMade", new Version(1, 0),
            "ReferralResolved", new Version(1, 0),
            "AssessmentCompleted", new Version(1, 0),
            "SupportDelivered", new Version(1, 0),
            "HandoffMade", new Version(1, 0),
            "CaseClosed", new Version(1, 0),
            "EventCorrected", new Version(1, 0),
            "EventRetracted", new Version(1, 0),
            "PersonalDataErased", new Version(1, 0));

    private static final String SCHEMA_PREFIX = "urn:casejourney:schema:";
    private static final Pattern SCHEMA_URI = Pattern.compile("urn:casejourney:schema:([A-Za-z]+):(\\d{1,4})\\.(\\d{1,4})");

    /** A schema version. */
    public record Version(int major, int minor) implements Comparable<Version> {

        @Override
        public int compareTo(Version other) {
            return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
        }

        @Override
        public String toString() {
            return major + "." + minor;
        }
    }

    /** A type and version as a schema identifier names them. */
    public record Schema(String type, Version version) {
    }

    /** The current schemas by their identifiers, as {@link #parse} gives them. */
    private static final Map<String, Optional<Schema>> CURRENT_SCHEMAS = CURRENT.entrySet().stream().collect(
            Collectors.toUnmodifiableMap(e -> SCHEMA_PREFIX + e.getKey() + ":" + e.getValue(),
                    e -> Optional.of(new Schema(e.getKey(), e.getValue()))));

    private EventVersions() {
    }

    public static Version of(String type) {
        Version version = CURRENT.get(type);
        if (version == null) {
            throw new IllegalArgumentException("no schema version for event type " + type);
        }
        return version;
    }

    /** The identifier of a type's current schema: {@code urn:casejourney:schema:<type>:<major>.<minor>}, its {@code $id}. */
    public static String schemaId(String type) {
        return SCHEMA_PREFIX + type + ":" + of(type);
    }

    /** The type and version a schema identifier names; empty when it is not one of ours. */
    public static Optional<Schema> parse(String schemaId) {
        Optional<Schema> current = schemaId == null ? null : CURRENT_SCHEMAS.get(schemaId);
        if (current != null) {
            return current; // every record the command side publishes names one of these: no pattern to match
        }
        Matcher m = schemaId == null ? null : SCHEMA_URI.matcher(schemaId);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Schema(m.group(1), new Version(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)))));
    }
}
