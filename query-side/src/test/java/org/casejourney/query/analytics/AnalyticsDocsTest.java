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
}
