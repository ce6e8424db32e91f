package org.casejourney.command.fhir;

import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** One issue of an OperationOutcome: what kind, where (a FHIRPath expression) and why. */
record Issue(IssueSeverity severity, IssueType code, String expression, String diagnostics) {

    static Issue error(IssueType code, String expression, String diagnostics) {
        return new Issue(IssueSeverity.ERROR, code, expression, diagnostics);
    }
}
