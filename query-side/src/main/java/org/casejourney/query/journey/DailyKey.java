package org.casejourney.query.journey;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.Objects;

/** One key of failure_demand_daily; '' stands for no team and for value demand. */
record DailyKey(LocalDate day, String service, String team, String channel, String category) implements Comparable<DailyKey> {

    DailyKey {
        team = Objects.requireNonNullElse(team, "");
        category = Objects.requireNonNullElse(category, "");
    }

    private static final Comparator<DailyKey> ORDER = Comparator.comparing(DailyKey::service).thenComparing(DailyKey::day)
            .thenComparing(DailyKey::team).thenComparing(DailyKey::channel).thenComparing(DailyKey::category);

    @Override
    public int compareTo(DailyKey other) {
        return ORDER.compare(this, other);
    }

    Object[] values(int contacts) {
        return new Object[]{service, day, team, channel, category, contacts};
    }
}
