package org.casejourney.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The dashboard and the alert rules of deploy/observability, read as Grafana and Prometheus read them. */
final class ObservabilityFiles {

    static final String DASHBOARD = "deploy/observability/grafana/casejourney.json";
    static final String ALERTS = "deploy/observability/prometheus/alerts.yml";
    static final String OPERATIONS = "docs/operations.md";

    /** Series Prometheus writes itself for each scrape target, not exported by any app. */
    static final Set<String> WRITTEN_BY_PROMETHEUS = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added");

    /** One PromQL expression and where it stands (alert name, or panel title and refId). */
    record Query(String where, String expr) {
    }

    /** One alerting rule. */
    record Rule(String alert, String expr, JsonNode labels, JsonNode annotations) {
    }

    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*[A-Za-z_][A-Za-z0-9_]*\\s*\\)\\s*$",
            Pattern.DOTALL);

    private ObservabilityFiles() {
    }

    /** The repository's root: the nearest directory up from here that holds docs/operations.md. */
    static Path root() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(OPERATIONS)) && Files.isDirectory(d.resolve("deploy"))) {
                return d;
            }
        }
        throw new IllegalStateException("not inside the casejourney repository: " + Path.of("").toAbsolutePath());
    }

    static List<Rule> rules() {
        JsonNode file = read(ALERTS, new ObjectMapper(new YAMLFactory()));
        List<Rule> rules = new ArrayList<>();
        for (JsonNode group : file.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                rules.add(new Rule(rule.path("alert").asText(rule.path("record").asText()), rule.path("expr").asText(),
                        rule.path("labels"), rule.path("annotations")));
            }
        }
        return rules;
    }

    static JsonNode dashboard() {
        return read(DASHBOARD, new ObjectMapper());
    }

    /** Every rule's expr, every panel's targets[].expr (rows' nested panels too) and every query variable's selector. */
    static List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        for (Rule rule : rules()) {
            queries.add(new Query(ALERTS + " " + rule.alert(), rule.expr()));
        }
        JsonNode dashboard = dashboard();
        addPanels(dashboard.path("panels"), queries);
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                JsonNode query = variable.path("query");
                String text = query.isObject() ? query.path("query").asText() : query.asText();
                Matcher labelValues = LABEL_VALUES.matcher(text);
                // label_values(selector, label): the selector's metric; label_values(label) names none
                if (labelValues.matches()) {
                    queries.add(new Query(DASHBOARD + " variable " + variable.path("name").asText(), labelValues.group(1)));
                } else if (!text.trim().startsWith("label_values(")) {
                    queries.add(new Query(DASHBOARD + " variable " + variable.path("name").asText(), text));
                }
            }
        }
        return queries;
    }

    private static void addPanels(JsonNode panels, List<Query> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    queries.add(new Query(DASHBOARD + " panel '" + panel.path("title").asText() + "' " + target.path("refId").asText(),
                            target.path("expr").asText()));
                }
            }
            addPanels(panel.path("panels"), queries);
        }
    }

    /** Each metric name a query reads that is neither exported nor written by Prometheus, as "name (where)". */
    static List<String> unknownNames(Collection<Query> queries, Set<String> exported) {
        List<String> unknown = new ArrayList<>();
        for (Query query : queries) {
            for (String name : PromQlMetricNames.of(query.expr())) {
                if (!exported.contains(name) && !WRITTEN_BY_PROMETHEUS.contains(name)) {
                    unknown.add(name + " (" + query.where() + ")");
                }
            }
        }
        return unknown;
    }

    /** The sample names of a Prometheus text exposition ({@code name{labels} value} or {@code name value}). */
    static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < l.length() && l.charAt(end) != '{' && !Character.isWhitespace(l.charAt(end))) {
                end++;
            }
            names.add(l.substring(0, end));
        }
        return names;
    }

    /** The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped, spaces to dashes. */
    static Set<String> headingAnchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        boolean fenced = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            }
            if (fenced || !line.startsWith("#")) {
                continue;
            }
            String heading = line.replaceFirst("^#+\\s*", "").strip();
            String anchor = Normalizer.normalize(heading, Normalizer.Form.NFC).toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N}\\s_-]", "").replace(' ', '-');
            anchors.add(anchor);
        }
        return anchors;
    }

    static String readText(String path) {
        try {
            return Files.readString(root().resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String path, ObjectMapper mapper) {
        try {
            return mapper.readTree(root().resolve(path).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + path, e);
        }
    }
}
