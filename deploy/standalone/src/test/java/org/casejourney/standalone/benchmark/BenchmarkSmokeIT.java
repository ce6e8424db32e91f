package org.casejourney.standalone.benchmark;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole benchmark with tiny counts against a private standalone system, so the command cannot rot:
 * every phase runs, the table has every row, nothing failed. Its figures mean nothing.
 */
class BenchmarkSmokeIT {

    @Test
    void aTinyRunPrintsEveryRowOfTheTableAndSucceeds() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            code = BenchmarkCommand.run(List.of("--standalone", "--single-events", "50", "--clients", "4", "--batch-events", "500",
                    "--batch-size", "100", "--lag-samples", "10", "--projection-events", "500", "--journey-events", "50",
                    "--journey-requests", "20", "--peer-events", "50", "--warmup-seconds", "1"), out);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        System.out.println(output);

        assertThat(code).as(output).isZero();
        assertThat(output).contains("casejourney benchmark, ", " cpus, load average ", "| measure", "share of the limit");
        assertThat(output).as("the header names the apps' commits, which it started").containsPattern(", commit \\S+ \\((apps|command side) at ");
        assertThat(output).contains(
                "| single-event ingest, 4 clients", "one-row commits, 1 connection", "one-row commits, 4 connections",
                "| batch ingest, 100 a request, 4 in flight, 20 people", "reWriteBatchedInserts",
                "| ack to visible in the journey view, under 500 events/s", "a local Kafka round trip",
                "| live projection replaying into an empty schema", "| full rebuild of the same", "keyset read-back of the event table",
                "| journey view, a person with 50 events", "| auditor's replay of the same person",
                "| peer: single-event ingest under Axon's defaults, 4 clients", "casejourney/peer");
        assertThat(output).as("the notes say how much of each measured phase the app spent compiling")
                .containsPattern("single-event ingest: the command side's compiler threads were busy for \\d+% of its time")
                .containsPattern("batch ingest: the command side's compiler threads were busy for \\d+% of its time")
                .containsPattern("replay: the query side's compiler threads were busy for \\d+% of its time")
                .containsPattern("rebuild: the query side's compiler threads were busy for \\d+% of its time");
        assertThat(output).doesNotContain("| n/a", "error in phase");
    }
}
