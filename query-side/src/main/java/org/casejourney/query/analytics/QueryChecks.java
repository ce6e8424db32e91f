package org.casejourney.query.analytics;

import org.casejourney.events.Fields;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The checks the analysts' query parameters and body fields share; every refused field is named in one {@link InvalidQuery}. */
public final class QueryChecks {

    private QueryChecks() {
    }

    /** Throws the refused fields as one {@link InvalidQuery}, if there are any. */
    public static void throwIfAny(List<InvalidQuery.FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidQuery(errors);
        }
    }

    /**
     * Refuses parameters the endpoint does not know and parameters given twice: a typo such as
     * {@code grouBy} would otherwise answer for everything, silently.
     */
    public static void refuseUnknown(Map<String, String[]> parameters, Set<String> known) {
        List<InvalidQuery.FieldError> errors = new ArrayList<>();
        parameters.forEach((name, values) -> {
            if (!known.contains(name)) {
                errors.add(new InvalidQuery.FieldError(name, "is not a parameter here; use " + String.join(", ", new TreeSet<>(known))));
            } else if (values.length > 1) {
                errors.add(new InvalidQuery.FieldError(name, "is given " + values.length + " times; give it once"));
            }
        });
        throwIfAny(errors);
    }

    /** A service, team or tag code: 1 to {@link Fields#CODE_MAX} characters; null (and an error) when it is not one. */
    public static String code(String field, String value, List<InvalidQuery.FieldError> errors) {
        if (value != null && (value.isBlank() || value.length() > Fields.CODE_MAX)) {
            errors.add(new InvalidQuery.FieldError(field, "must be 1 to " + Fields.CODE_MAX + " characters"));
            return null;
        }
        return value;
    }

    /** One of an enum's names, in any case; null (and an error naming {@code allowed}) when it is none of them. */
    public static <E extends Enum<E>> E oneOf(Class<E> type, String field, String raw, String allowed, List<InvalidQuery.FieldError> errors) {
        try {
            return Enum.valueOf(type, raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new InvalidQuery.FieldError(field, "must be one of " + allowed + ", not '" + raw + "'"));
            return null;
        }
    }
}
