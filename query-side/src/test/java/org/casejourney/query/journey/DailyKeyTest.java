package org.casejourney.query.journey;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Moves of failure_demand_daily lock its rows in the order of its primary key: service, day, team, channel, category. */
class DailyKeyTest {

    private static final LocalDate MAY_1 = LocalDate.of(2026, 5, 1);
    private static final LocalDate MAY_2 = LocalDate.of(2026, 5, 2);

    @Test
    void keysSortByServiceThenDayThenTeamThenChannelThenCategory() {
        List<DailyKey> ordered = List.of(
                new DailyKey(MAY_2, "adults", "east", "PHONE", "PROGRESS_CHASING"),
                new DailyKey(MAY_1, "housing", null, "EMAIL", null),
                new DailyKey(MAY_1, "housing", null, "PHONE", null),
                new DailyKey(MAY_1, "housing", null, "PHONE", "REPEAT_CONTACT"),
                new DailyKey(MAY_1, "housing", "north", "EMAIL", null),
                new DailyKey(MAY_2, "housing", "east", "EMAIL", null));
        List<DailyKey> shuffled = new ArrayList<>(ordered);
        Collections.reverse(shuffled);
        Collections.swap(shuffled, 1, 4);

        Collections.sort(shuffled);

        assertThat(shuffled).containsExactlyElementsOf(ordered);
        assertThat(new DailyKey(MAY_1, "housing", null, "PHONE", null))
                .isEqualByComparingTo(new DailyKey(MAY_1, "housing", "", "PHONE", ""))
                .isEqualTo(new DailyKey(MAY_1, "housing", "", "PHONE", ""));
    }
}
