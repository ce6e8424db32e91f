package org.casejourney.query.platform;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.function.BiConsumer;

/**
 * A column's SQL type as {@link CopyRows} writes its values, chosen once per column. Each type writes through a small
 * function of its own: one method switching over every type's name was compiled again by the JIT each time a catch-up's
 * final fold first reached another type (five times, 1.3 s of the compiler's time in one fold, docs/performance.md).
 * Values are taken as a statement would bind them: {@code text} and {@code json} any value's {@code toString},
 * {@code int} and {@code bigint} a {@link Number} that fits, {@code timestamptz} a {@link Timestamp} or {@link Instant},
 * {@code date} a {@link LocalDate}, {@code text[]} a collection of strings.
 */
public enum CopyType {
    TEXT((rows, value) -> rows.text(value.toString())),
    INT((rows, value) -> rows.int4(Math.toIntExact(((Number) value).longValue()))),
    BIGINT((rows, value) -> rows.int8(((Number) value).longValue())),
    BOOLEAN((rows, value) -> rows.bool((Boolean) value)),
    FLOAT8((rows, value) -> rows.float8(((Number) value).doubleValue())),
    DATE((rows, value) -> rows.date((LocalDate) value)),
    TIMESTAMPTZ((rows, value) -> rows.timestamp(value instanceof Timestamp t ? t.toInstant() : (Instant) value)),
    @SuppressWarnings("unchecked")
    TEXT_ARRAY((rows, value) -> rows.textArray((Collection<String>) value));

    private final BiConsumer<CopyRows, Object> writer;

    CopyType(BiConsumer<CopyRows, Object> writer) {
        this.writer = writer;
    }

    /** The type a column declared as {@code sqlType} (as the migrations name it) is copied as. */
    public static CopyType of(String sqlType) {
        return switch (sqlType) {
            case "text", "json" -> TEXT;
            case "int" -> INT;
            case "bigint" -> BIGINT;
            case "boolean" -> BOOLEAN;
            case "float8" -> FLOAT8;
            case "date" -> DATE;
            case "timestamptz" -> TIMESTAMPTZ;
            case "text[]" -> TEXT_ARRAY;
            default -> throw new IllegalArgumentException("no binary COPY form for the type " + sqlType);
        };
    }

    /** Writes a value (not null) of this type. */
    void write(CopyRows rows, Object value) {
        writer.accept(rows, value);
    }
}
