package org.casejourney.query.analytics;

import org.casejourney.events.Channel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Every example query of docs/analytics.md runs against the views as the migrations make them. */
class AnalyticsDocsTest {

    private static final Path DOC = Path.of("..", "docs", "analytics.md");

    @Test
    void theExampleQueriesRun() throws IOException {
        List<String> queries = new ArrayList<>();
        Matcher block = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
        while (block.find()) {
            String sql = block.group(1);
            if (!sql.contains("create role")) { // the role and login recipes are for a DBA
                queries.add(sql);
            }
        }
        assertThat(queries).hasSizeGreaterThanOrEqualTo(5);

        try (FactsDatabase db = new FactsDatabase("analytics_docs")) {
            db.write(PersonStream.of("d1").tagged("trial-2026").failure("2026-03-02T09:00:00Z", Channel.PHONE, "NO_RESPONSE")
                    .handoff("2026-03-03T09:00:00Z", "front-door", "reablement-west", null, null)
                    .referral("2026-03-04T09:00:00Z", "r-1", null, "ot", null, null).closed("2026-03-05T09:00:00Z"));
            for (String sql : queries) {
                assertThat(db.jdbc().queryForList(sql)).as(sql).isNotNull();
            }
        }
    }

    @Test
    void everyColumnOfEveryViewIsDocumentedAndNoOtherOne() throws IOException {
        String doc = Files.readString(DOC);
        try (FactsDatabase db = new FactsDatabase("analytics_docs_columns")) {
            List<String> views = db.jdbc().queryForList("select table_name from information_schema.views where table_schema = 'analytics'"
                    + " order by 1", String.class);
            assertThat(views).hasSize(6);
            for (String view : views) {
                Matcher section = Pattern.compile("### `analytics\\." + view + "`.*?\\n(.*?)(?=\\n#)", Pattern.DOTALL).matcher(doc);
                assertThat(section.find()).as("a section for analytics." + view).isTrue();
                List<String> documented = new ArrayList<>();
                Matcher row = Pattern.compile("(?m)^\\| ((?:`[a-z_]+`(?:, )?)+) \\|").matcher(section.group(1));
                while (row.find()) {
                    Matcher name = Pattern.compile("`([a-z_]+)`").matcher(row.group(1));
                    while (name.find()) {
                        documented.add(name.group(1));
                    }
                }
                List<String> columns = db.jdbc().queryForList("select column_name from information_schema.columns"
                        + " where table_schema = 'analytics' and table_name = ? order by ordinal_position", String.class, view);
                assertThat(documented).as("documented columns of analytics." + view).containsExactlyInAnyOrderElementsOf(columns);
            }
        }
    }
}
