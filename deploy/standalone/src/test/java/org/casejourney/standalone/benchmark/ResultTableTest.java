package org.casejourney.standalone.benchmark;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ResultTableTest {

    @Test
    void theTableIsMarkdownWithEveryRowPaddedToTheSameWidth() {
        ResultTable table = new ResultTable();
        table.add("single-event ingest", "812 events/s", "one-row commits, 1 connection", "4,100 rows/s", ResultTable.share(812, 4100));
        table.add("", "", "one-row commits, 32 connections", "7,600 rows/s", ResultTable.share(812, 7600));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        table.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).startsWith("| measure").contains("| share of the limit |");
        assertThat(lines[1]).matches("\\|[-|]+\\|");
        assertThat(lines[2]).contains("| 20%");
        assertThat(lines[3]).contains("| 11%");
        assertThat(lines).extracting(String::length).containsOnly(lines[0].length());
    }

    @Test
    void whatWasNotMeasuredReadsNotApplicableRatherThanNaN() {
        assertThat(ResultTable.number(Double.NaN)).isEqualTo("n/a");
        assertThat(ResultTable.share(Double.NaN, 4100)).isEqualTo("n/a");
        assertThat(ResultTable.times(660, 0)).isEqualTo("n/a");
        assertThat(ResultTable.number(12345.6)).isEqualTo("12,346");
        assertThat(ResultTable.number(7.94)).isEqualTo("7.9");
        assertThat(ResultTable.times(662, 11.8)).isEqualTo("56.1x");
    }
}
