package org.casejourney.command.fhir;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.StringType;

import java.util.ArrayList;
import java.util.List;

/** The issues found while reading one Bundle, in the order found, and the OperationOutcome that answers with issues. */
final class Issues {

    private final List<Issue> found = new ArrayList<>();

    void error(IssueType type, String expression, String diagnostics) {
        found.add(Issue.error(type, expression, diagnostics));
    }

    int count() {
        return found.size();
    }

    /** Nothing is recorded from a Bundle with an issue: 422 with all of them. */
    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new FhirBundleIn.Unmappable(found);
        }
    }

    static OperationOutcome outcome(List<Issue> issues) {
        OperationOutcome outcome = new OperationOutcome();
        for (Issue issue : issues) {
            OperationOutcome.OperationOutcomeIssueComponent component = outcome.addIssue()
                    .setSeverity(issue.severity()).setCode(issue.code()).setDiagnostics(issue.diagnostics());
            if (issue.expression() != null) {
                component.setExpression(List.of(new StringType(issue.expression())));
            }
        }
        return outcome;
    }
}
