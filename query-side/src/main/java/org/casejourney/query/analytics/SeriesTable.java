package org.casejourney.query.analytics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Series answers as CSV tables: a row per group and bucket (or per group and bin), the group first. */
public final class SeriesTable {

    private SeriesTable() {
    }

    /**
     * A row per group and bucket: group, start, the point's {@code figures}, the group's XmR mean and limits, then the
     * {@code extra} columns of the group and point.
     */
    public static <G extends SeriesGroup<P>, P extends SeriesPoint> CsvTable series(
            List<String> figureColumns, List<String> extraColumns, List<G> groups, Function<P, List<Object>> figures,
            BiFunction<G, P, List<Object>> extra) {
        List<String> columns = new ArrayList<>(List.of("start"));
        columns.addAll(figureColumns);
        columns.addAll(List.of("xmr_mean", "xmr_upper_limit", "xmr_lower_limit"));
        columns.addAll(extraColumns);
        return rows(columns, groups, SeriesGroup::series, (group, point) -> {
            List<Object> row = new ArrayList<>(List.of(point.start().toString()));
            row.addAll(figures.apply(point));
            row.addAll(Arrays.asList(group.xmr().mean(), group.xmr().upperLimit(), group.xmr().lowerLimit()));
            row.addAll(extra.apply(group, point));
            return row;
        });
    }

    /** A row per group and item of it ({@code items}: its points, its bins): the group (empty for the single series), then {@code values}. */
    public static <G extends SeriesGroup<?>, R> CsvTable rows(List<String> columns, List<G> groups, Function<G, List<R>> items,
                                                          BiFunction<G, R, List<Object>> values) {
        List<String> header = new ArrayList<>(List.of("group"));
        header.addAll(columns);
        CsvTable table = new CsvTable(header);
        for (G group : groups) {
            for (R item : items.apply(group)) {
                List<Object> row = new ArrayList<>();
                row.add(Objects.toString(group.group(), ""));
                row.addAll(values.apply(group, item));
                table.row(row);
            }
        }
        return table;
    }
}
