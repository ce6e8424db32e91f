package org.casejourney.platform.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The full names of the settings a {@code @ConfigurationProperties} record binds, as an operator writes them
 * ({@code casejourney.ingestion.rate-limit.requests}): nested records of this project are walked, a map is named
 * {@code name.*} (any key below it), anything else is one setting. For the start-up check of unknown settings and for
 * the apps' tests that hold docs/operations.md and {@link KnownSettings} to their properties records.
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
            } else if (Map.class.isAssignableFrom(component.getType())) {
                names.add(name + ".*");
            } else {
                names.add(name);
            }
        }
    }
}
