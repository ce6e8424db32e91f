package org.casejourney.command.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One Bundle's entries by fullUrl and by Type/id, and what a reference in it names. */
final class BundleIndex {

    private static final Pattern TYPED_REFERENCE = Pattern.compile("(?:.*/)?([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})(?:/_history/.*)?");
    private static final Set<String> TEAMS = Set.of("CareTeam", "HealthcareService", "Group");

    /** What a reference names: its type (from the reference, its Type/id, or the Bundle entry it points at) and a short name. */
    record Named(String type, String name) {
        boolean isOrganisation() {
            return "Organization".equals(type);
        }

        boolean isTeam() {
            return type != null && TEAMS.contains(type);
        }
    }

    private final Bundle bundle;
    private final JsonNode rawEntries;
    private final Map<String, Integer> byUrl = new HashMap<>();

    BundleIndex(Bundle bundle, JsonNode rawEntries) {
        this.bundle = bundle;
        this.rawEntries = rawEntries;
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            Bundle.BundleEntryComponent entry = bundle.getEntry().get(i);
            if (entry.hasFullUrl()) {
                byUrl.put(entry.getFullUrl(), i);
            }
            String id = rawId(i);
            if (entry.hasResource() && id != null) {
                byUrl.put(entry.getResource().fhirType() + "/" + id, i);
            }
        }
    }

    Bundle bundle() {
        return bundle;
    }

    Resource resource(int i) {
        return bundle.getEntry().get(i).getResource();
    }

    /** The entry a reference (a fullUrl, or Type/id) points at in this Bundle; null when none. */
    Integer entryOf(String reference) {
        return byUrl.get(reference);
    }

    /** The resource's own id as sent (HAPI fills the id from fullUrl, which is often a fresh urn:uuid per request). */
    String rawId(int i) {
        JsonNode id = rawEntries.path(i).path("resource").path("id");
        return id.isTextual() ? id.asText() : null;
    }

    Named named(Reference ref) {
        if (ref == null || ref.isEmpty()) {
            return null;
        }
        String type = ref.hasType() ? ref.getType() : null;
        String name = ref.hasIdentifier() && ref.getIdentifier().hasValue() ? ref.getIdentifier().getValue() : null;
        if (ref.hasReference()) {
            Integer k = byUrl.get(ref.getReference());
            if (k != null) {
                Resource target = resource(k);
                type = type != null ? type : target.fhirType();
                if (name == null && target instanceof DomainResource) {
                    Identifier id = Elements.firstIdentifier(Elements.identifiersOf(target));
                    name = id != null ? id.getValue() : rawId(k);
                }
            }
            Matcher m = TYPED_REFERENCE.matcher(ref.getReference());
            if (m.matches()) {
                type = type != null ? type : m.group(1);
                name = name != null ? name : m.group(2);
            }
        }
        if (name == null && ref.hasDisplay()) {
            name = ref.getDisplay();
        }
        return name == null ? null : new Named(type, name);
    }

    String name(Reference ref) {
        Named named = named(ref);
        return named == null ? null : named.name();
    }
}
