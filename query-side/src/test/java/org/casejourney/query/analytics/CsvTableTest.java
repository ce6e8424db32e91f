package org.casejourney.query.analytics;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvTableTest {

    @Test
    void fieldsAreQuotedAsRfc4180SaysAndNullsAreEmpty() {
        String csv = new CsvTable(List.of("group", "count", "rate", "shown"))
                .row(Arrays.asList("front-door, east", 3, 0.5, true))
                .row(Arrays.asList("the \"new\" team", null, null, false))
                .row(Arrays.asList("two\nlines", 0, 1.0E-4, true))
                .text();

        assertThat(csv).isEqualTo("group,count,rate,shown\r\n\"front-door, east\",3,0.5,true\r\n\"the \"\"new\"\" team\",,,false\r\n"
                + "\"two\nlines\",0,1.0E-4,true\r\n");
    }

    @Test
    void aTextASpreadsheetWouldRunAsAFormulaIsKeptAsText() {
        String csv = new CsvTable(List.of("team")).row(List.of("=HYPERLINK(\"http://evil\")")).row(List.of("+1")).row(List.of("@sum"))
                .row(List.of("-2")).text();

        assertThat(csv.split("\r\n")).containsExactly("team", "\"'=HYPERLINK(\"\"http://evil\"\")\"", "'+1", "'@sum", "'-2");
    }

    @Test
    void theDownloadIsUtf8WithAByteOrderMarkAndAnAttachmentName() {
        var download = new CsvTable(List.of("team")).row(List.of("Ysbyty Gwynedd – Bangor")).download("teams.csv");

        assertThat(download.getHeaders().getFirst("Content-Disposition")).isEqualTo("attachment; filename=\"teams.csv\"");
        assertThat(download.getHeaders().getContentType()).isEqualTo(CsvTable.TEXT_CSV);
        byte[] body = download.getBody();
        assertThat(Arrays.copyOf(body, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(new String(body, 3, body.length - 3, StandardCharsets.UTF_8)).isEqualTo("team\r\nYsbyty Gwynedd – Bangor\r\n");
    }

    @Test
    void aRowOfTheWrongWidthIsAProgrammingError() {
        assertThatThrownBy(() -> new CsvTable(List.of("a", "b")).row(List.of("x"))).isInstanceOf(IllegalArgumentException.class);
    }
}
