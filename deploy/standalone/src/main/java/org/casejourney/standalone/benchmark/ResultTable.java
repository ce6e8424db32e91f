package org.casejourney.standalone.benchmark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The benchmark's one table: each figure beside the limit it is compared with, and its share of that limit. */
final class ResultTable {

    record Row(String measure, String figure, String beside, String limit, String share) {
    }

    private static final Row HEADINGS = new Row("measure", "figure", "beside", "limit (this run)", "share of the limit");

    private final List<Row> rows = new ArrayList<>();

    void add(String measure, String figure, String beside, String limit, String share) {
        rows.add(new Row(measure, figure, beside, limit, share));
    }

    /** A Markdown table, columns padded so it also reads as plain text. */
    void print(PrintStream out) {
        List<Row> all = new ArrayList<>();
        all.add(HEADINGS);
        all.addAll(rows);
        int[] widths = new int[5];
        for (Row row : all) {
            String[] cells = cells(row);
            for (int i = 0; i < cells.length; i++) {
                widths[i] = Math.max(widths[i], cells[i].length());
            }
        }
        for (int r = 0; r < all.size(); r++) {
            String[] cells = cells(all.get(r));
            StringBuilder line = new StringBuilder("|");
            for (int i = 0; i < cells.length; i++) {
                line.append(' ').append(String.format("%-" + widths[i] + "s", cells[i])).append(" |");
            }
            out.println(line);
            if (r == 0) {
                StringBuilder rule = new StringBuilder("|");
                for (int width : widths) {
                    rule.append('-').append("-".repeat(width)).append("-|");
                }
                out.println(rule);
            }
        }
    }

    private static String[] cells(Row row) {
        return new String[] {row.measure(), row.figure(), row.beside(), row.limit(), row.share()};
    }

    /** Whole numbers with thousands separators from 100 up, one decimal below, "n/a" for what was not measured. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        return Math.abs(value) >= 100 ? String.format("%,.0f", value) : String.format("%.1f", value);
    }

    /** A rate as a share of the limit it is compared with. */
    static String share(double figure, double limit) {
        return Double.isNaN(figure) || Double.isNaN(limit) || limit <= 0 ? "n/a" : String.format("%.0f%%", 100 * figure / limit);
    }

    /** How many times {@code of} the figure is (latencies, the peer). */
    static String times(double figure, double of) {
        return Double.isNaN(figure) || Double.isNaN(of) || of <= 0 ? "n/a" : String.format("%.1fx", figure / of);
    }
}
