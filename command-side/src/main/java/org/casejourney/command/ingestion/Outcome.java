package org.casejourney.command.ingestion;

import org.casejourney.platform.problems.ApiProblem;

import java.time.Instant;

/** What became of one event: stored (201), already stored (200), or {@code problem} set when it was not stored. */
public record Outcome(int status, String eventId, String personId, Long sequence, Instant recordedAt, ApiProblem problem) {

    static Outcome failed(String eventId, String personId, ApiProblem problem) {
        return new Outcome(problem.status().value(), eventId, personId, null, null, problem);
    }
}
