package org.casejourney.command.ingestion;

import org.casejourney.platform.problems.ApiProblem;
import org.casejourney.events.PersonEvent;

/** One item of a batch, already parsed: either an event for a person or the problem that stopped it. */
public record Item(String personId, PersonEvent event, ApiProblem problem) {
}
