package org.casejourney.faults;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads: every identifier that is a vector selector's name,
 * that is one followed by {@code {}, by {@code [} or standing alone, leaving out functions (an
 * identifier followed by {@code (}), aggregation operators, keywords, label names (inside
 * {@code {...}}, {@code by (...)}, {@code on (...)} and the like), string literals, durations and
 * Grafana's variables ({@code $__rate_interval}, {@code $application}).
 */
final class PromQlMetricNames {

    /** Aggregation operators, grouping and vector-matching modifiers, set operators and literals. */
    static final Set<String> KEYWORDS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values",
            "bottomk", "topk", "quantile", "limitk", "limit_ratio", "by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "offset", "and", "or", "unless", "atan2", "inf", "nan");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern BRACKETS = Pattern.compile("\\[[^\\]]*\\]");
    private static final Pattern BRACES = Pattern.compile("\\{[^}]*\\}");
    private static final Pattern LABEL_LIST = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern COMMENT = Pattern.compile("#[^\\n]*");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$.:])[A-Za-z_:][A-Za-z0-9_:]*");

    private PromQlMetricNames() {
    }

    static Set<String> of(String expression) {
        // strings first: they may hold anything, including braces, brackets and '#'
        String rest = STRING.matcher(expression).replaceAll("\"\"");
        rest = COMMENT.matcher(rest).replaceAll(" ");
        rest = BRACKETS.matcher(rest).replaceAll("[]");
        rest = BRACES.matcher(rest).replaceAll("{}");
        rest = LABEL_LIST.matcher(rest).replaceAll("$1");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(rest);
        while (m.find()) {
            String name = m.group();
            if (KEYWORDS.contains(name.toLowerCase(Locale.ROOT)) || followedByParenthesis(rest, m.end())) {
                continue;
            }
            names.add(name);
        }
        return names;
    }

    private static boolean followedByParenthesis(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i < s.length() && s.charAt(i) == '(';
    }
}
