package org.casejourney.platform.settings;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code casejourney.*} names in an environment that no app reads: a name in one of the apps' groups (the first
 * part, such as {@code ingestion} or {@code fhir}) that is not a setting, or any name a letter or two away from a
 * setting. Other names under the prefix are let through: the standalone launcher's and the build's own variables
 * ({@code CASEJOURNEY_DATA_DIR}, {@code CASEJOURNEY_TEST_INFRASTRUCTURE}) reach the apps in the same environment.
 */
final class UnknownSettings {

    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("casejourney");
    private static final int TYPO = 2;

    /** A known setting as compared: each part lower case without dashes, and the parts run together. */
    private record Known(String name, List<String> parts, String flat, boolean open) {

        static Known of(String name) {
            boolean open = name.endsWith(".*");
            List<String> parts = List.of(name.substring(ROOT.toString().length() + 1, name.length() - (open ? 2 : 0)).split("\\."))
                    .stream().map(UnknownSettings::plain).toList();
            return new Known(name, parts, String.join("", parts), open);
        }

        boolean matches(List<String> given, boolean runTogether) {
            if (runTogether) {
                String flatGiven = String.join("", given);
                return flat.equals(flatGiven) || open && flatGiven.startsWith(flat);
            }
            return parts.equals(given) || open && given.size() > parts.size() && given.subList(0, parts.size()).equals(parts);
        }
    }

    private final List<Known> known;
    private final Set<String> groups;

    UnknownSettings(Collection<String> names) {
        this.known = names.stream().distinct().map(Known::of).toList();
        this.groups = known.stream().map(k -> k.parts().get(0)).collect(Collectors.toSet());
    }

    /** One line per unknown name, with where it came from and the nearest setting; empty when every name is known. */
    List<String> in(Environment environment) {
        Map<String, String> refused = new LinkedHashMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource names) {
                // an environment variable's name has no dashes: CASEJOURNEY_EVENTSTORE_BATCHSIZE or EVENT_STORE_BATCH_SIZE
                boolean variables = source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
                names.stream().filter(ROOT::isAncestorOf).filter(name -> refused(parts(name), variables))
                        .forEach(name -> refused.putIfAbsent(name.toString(), line(name, source.getConfigurationProperty(name))));
            }
        }
        return new ArrayList<>(refused.values());
    }

    private boolean refused(List<String> given, boolean variables) {
        if (given.isEmpty() || known.stream().anyMatch(k -> k.matches(given, variables))) {
            return false;
        }
        boolean inGroup = groups.contains(given.get(0)) || variables && given.size() > 1 && groups.contains(given.get(0) + given.get(1));
        return inGroup || distance(String.join("", given), nearest(given).flat()) <= TYPO;
    }

    private String line(ConfigurationPropertyName name, ConfigurationProperty property) {
        List<String> given = parts(name);
        Known nearest = nearest(given);
        String from = property == null || property.getOrigin() == null ? "" : " (" + property.getOrigin() + ")";
        String flat = String.join("", given);
        boolean near = distance(flat, nearest.flat()) <= Math.max(TYPO, flat.length() / 3);
        return "unknown setting " + name + from + (near ? "; did you mean " + nearest.name() + "?" : "; no setting is near it");
    }

    private Known nearest(List<String> given) {
        String flat = String.join("", given);
        return known.stream().min(Comparator.comparingInt(k -> distance(flat, k.flat()))).orElseThrow();
    }

    /** The parts below {@code casejourney}, up to the first index ({@code origins[0]} is the list setting {@code origins}). */
    private static List<String> parts(ConfigurationPropertyName name) {
        List<String> parts = new ArrayList<>();
        for (int i = 1; i < name.getNumberOfElements() && !name.isNumericIndex(i); i++) {
            parts.add(plain(name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL)));
        }
        return parts;
    }

    private static String plain(String part) {
        return part.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /** Levenshtein's edit distance: letters inserted, removed or changed. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int change = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + change);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
