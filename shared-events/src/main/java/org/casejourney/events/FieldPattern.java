package org.casejourney.events;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A field rule such as {@link Fields#ID_PATTERN} matched without {@code java.util.regex}: a run of
 * ASCII character classes ({@code [A-Za-z0-9._-]}), each once or repeated ({@code {m,n}}, {@code *},
 * {@code +}, {@code ?}), of which only the last may vary in length, so the match needs no
 * backtracking. The JDK's matcher walks a chain of predicates per character, which made the field
 * rules a twentieth of a write's CPU (docs/performance.md). Any other expression is matched by
 * {@link Pattern}, so {@link #matches} always answers as {@code Pattern.matches(regex, text)} does
 * (FieldPatternTest compares the two).
 */
public final class FieldPattern {

    private final String regex;
    /** Per element: which of the 128 ASCII characters it admits; null when the JDK matches. */
    private final boolean[][] classes;
    private final int[] min;
    private final int[] max;
    private final Pattern fallback;

    private FieldPattern(String regex, boolean[][] classes, int[] min, int[] max, Pattern fallback) {
        this.regex = regex;
        this.classes = classes;
        this.min = min;
        this.max = max;
        this.fallback = fallback;
    }

    public static FieldPattern compile(String regex) {
        FieldPattern simple = simple(regex);
        return simple != null ? simple : new FieldPattern(regex, null, null, null, Pattern.compile(regex));
    }

    /** Whether the whole text matches, as {@link java.util.regex.Matcher#matches()} answers. */
    public boolean matches(CharSequence text) {
        if (fallback != null) {
            return fallback.matcher(text).matches();
        }
        int position = 0;
        int last = classes.length - 1;
        for (int e = 0; e < last; e++) {
            if (text.length() - position < min[e]) {
                return false;
            }
            for (int k = 0; k < min[e]; k++) {
                if (!admits(classes[e], text.charAt(position++))) {
                    return false;
                }
            }
        }
        int rest = text.length() - position;
        if (rest < min[last] || rest > max[last]) {
            return false;
        }
        while (position < text.length()) {
            if (!admits(classes[last], text.charAt(position++))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return regex;
    }

    private static boolean admits(boolean[] table, char c) {
        return c < 128 && table[c];
    }

    /** The expression as classes and counts, or null when it is not of the simple kind. */
    private static FieldPattern simple(String regex) {
        List<boolean[]> classes = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        int i = 0;
        while (i < regex.length()) {
            if (regex.charAt(i) != '[') {
                return null;
            }
            int close = regex.indexOf(']', i + 1);
            if (close < 0) {
                return null;
            }
            boolean[] table = charClass(regex.substring(i + 1, close));
            if (table == null) {
                return null;
            }
            i = close + 1;
            int[] count = {1, 1};
            if (i < regex.length()) {
                char q = regex.charAt(i);
                if (q == '*' || q == '+' || q == '?') {
                    count = new int[]{q == '+' ? 1 : 0, q == '?' ? 1 : Integer.MAX_VALUE};
                    i++;
                } else if (q == '{') {
                    int end = regex.indexOf('}', i);
                    count = end < 0 ? null : bounds(regex.substring(i + 1, end));
                    if (count == null) {
                        return null;
                    }
                    i = end + 1;
                }
                if (i < regex.length() && (regex.charAt(i) == '?' || regex.charAt(i) == '+')) {
                    return null; // lazy or possessive: leave it to the JDK
                }
            }
            classes.add(table);
            counts.add(count);
        }
        if (classes.isEmpty()) {
            return null;
        }
        for (int e = 0; e < counts.size() - 1; e++) {
            if (counts.get(e)[0] != counts.get(e)[1]) {
                return null; // a varying element before the last would need backtracking
            }
        }
        return new FieldPattern(regex, classes.toArray(boolean[][]::new),
                counts.stream().mapToInt(c -> c[0]).toArray(), counts.stream().mapToInt(c -> c[1]).toArray(), null);
    }

    /** {@code A-Za-z0-9._-}: ranges and single characters, a '-' first or last standing for itself. */
    private static boolean[] charClass(String body) {
        if (body.isEmpty() || body.charAt(0) == '^') {
            return null;
        }
        boolean[] table = new boolean[128];
        for (int k = 0; k < body.length(); k++) {
            char c = body.charAt(k);
            if (c >= 128 || c < 32 || c == '\\' || c == '[' || c == '&') {
                return null;
            }
            if (k + 2 < body.length() && body.charAt(k + 1) == '-') {
                char to = body.charAt(k + 2);
                if (to >= 128 || to < c || to == '\\' || to == '[' || to == '&') {
                    return null;
                }
                for (char x = c; x <= to; x++) {
                    table[x] = true;
                }
                k += 2;
            } else {
                table[c] = true;
            }
        }
        return table;
    }

    private static int[] bounds(String body) {
        try {
            int comma = body.indexOf(',');
            if (comma < 0) {
                int n = Integer.parseInt(body);
                return new int[]{n, n};
            }
            int low = Integer.parseInt(body.substring(0, comma));
            int high = comma == body.length() - 1 ? Integer.MAX_VALUE : Integer.parseInt(body.substring(comma + 1));
            return low <= high ? new int[]{low, high} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
