package org.casejourney.events;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The failure categories every deployment knows. A deployment may add its own by configuration,
 * which is why a category travels as a string rather than an enum.
 */
public final class FailureCategories {

    public static final String PROGRESS_CHASING = "PROGRESS_CHASING";
    public static final String REPEAT_CONTACT = "REPEAT_CONTACT";
    public static final String NOT_DONE_RIGHT_FIRST_TIME = "NOT_DONE_RIGHT_FIRST_TIME";
    public static final String WRONG_INFORMATION = "WRONG_INFORMATION";
    public static final String NO_RESPONSE = "NO_RESPONSE";
    public static final String WRONGLY_ROUTED = "WRONGLY_ROUTED";
    public static final String OTHER = "OTHER";

    public static final List<String> STANDARD = List.of(PROGRESS_CHASING, REPEAT_CONTACT,
            NOT_DONE_RIGHT_FIRST_TIME, WRONG_INFORMATION, NO_RESPONSE, WRONGLY_ROUTED, OTHER);

    /** A category code: upper case letters, digits and underscores. */
    public static final String PATTERN = "[A-Z][A-Z0-9_]{0,63}";

    private FailureCategories() {
    }

    /** The standard categories followed by the configured extra ones, without repeats. */
    public static Set<String> withExtra(List<String> extra) {
        Set<String> all = new LinkedHashSet<>(STANDARD);
        all.addAll(extra);
        return Set.copyOf(all);
    }
}
