package org.casejourney.events.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The full names of the settings a {@code @ConfigurationProperties} record binds, as an operator writes them
 * ({@code casejourney.ingestion.rate-limit.requests}): nested records of this project are walked, anything else
 * is one setting. For the apps' tests that hold docs/operations.md to their properties records.
 */
public final class SettingNames {

    private SettingNames() {
    }

    public static List<String> of(String prefix, Class<? extends Record> record) {
        List<String> names = new ArrayList<>();
        collect(prefix, record, names);
        return names;
    }

    private static void collect(String prefix, Class<?> type, List<String> names) {
        for (var component : type.getRecordComponents()) {
            String name = prefix + "." + component.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
            if (component.getType().isRecord() && component.getType().getName().startsWith("org.casejourney")) {
                collect(name, component.getType(), names);
            } else {
                names.add(name);
            }
        }
    }
}
