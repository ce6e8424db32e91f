package org.casejourney.query.analytics;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A table as CSV for spreadsheets and BI tools (RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a
 * comma, quote or line break, quotes doubled; UTF-8 with a byte-order mark, so spreadsheets read accents right). A text
 * field that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) is prefixed with
 * an apostrophe: team names and categories come from front-line systems. Numbers are written as Java writes them.
 */
public final class CsvTable {

    private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    public static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final List<String> header;
    private final List<List<Object>> rows = new ArrayList<>();

    public CsvTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    public CsvTable row(List<Object> values) {
        if (values.size() != header.size()) {
            throw new IllegalArgumentException("a row of " + values.size() + " values under " + header.size() + " columns");
        }
        rows.add(values);
        return this;
    }

    public String text() {
        StringBuilder csv = new StringBuilder();
        line(csv, new ArrayList<>(header));
        rows.forEach(row -> line(csv, row));
        return csv.toString();
    }

    /** The table as a download named {@code filename}. */
    public ResponseEntity<byte[]> download(String filename) {
        byte[] text = text().getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[BYTE_ORDER_MARK.length + text.length];
        System.arraycopy(BYTE_ORDER_MARK, 0, body, 0, BYTE_ORDER_MARK.length);
        System.arraycopy(text, 0, body, BYTE_ORDER_MARK.length, text.length);
        return Downloads.attachment(TEXT_CSV, filename).body(body);
    }

    private static void line(StringBuilder csv, List<Object> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(field(values.get(i)));
        }
        csv.append("\r\n");
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
