package org.casejourney.command.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The one FHIR R4 context of the command side (building one scans the whole R4 model, so it is
 * made once), and the parsers it makes: a parser is cheap but not thread-safe, so each request
 * gets its own. Parsing is strict: an element R4 does not define, or a code outside a required
 * value set, is refused rather than dropped.
 */
final class FhirR4 {

    static final String MEDIA_TYPE = "application/fhir+json";

    /** Canonical identifiers (not addresses to fetch) of the casejourney extensions and tag systems, docs/fhir.md. */
    static final String EXTENSION = "https://casejourney.org/fhir/StructureDefinition/";
    static final String CODE_SYSTEM = "https://casejourney.org/fhir/CodeSystem/";
    /** Identifier systems of what casejourney names (an event, a referral, a team, a principal): this prefix and the kind, docs/fhir.md. */
    static final String ID = "https://casejourney.org/fhir/Id/";

    private static final FhirContext CONTEXT = FhirContext.forR4();

    private FhirR4() {
    }

    static IParser strictParser() {
        return CONTEXT.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
    }

    static String encode(IBaseResource resource) {
        return CONTEXT.newJsonParser().encodeResourceToString(resource);
    }
}
