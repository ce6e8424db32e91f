package org.casejourney.query.platform;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.HashMap;
import java.util.Map;

/** The query side's settings as Spring binds them (defaults from the record), with the given ones set. */
public final class TestProperties {

    private TestProperties() {
    }

    /** @param namesAndValues full names ({@code casejourney.journey.return-window-days}) and values in turn */
    public static QuerySideProperties with(String... namesAndValues) {
        Map<String, String> settings = new HashMap<>();
        for (int k = 0; k + 1 < namesAndValues.length; k += 2) {
            settings.put(namesAndValues[k], namesAndValues[k + 1]);
        }
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("casejourney", QuerySideProperties.class);
    }
}
