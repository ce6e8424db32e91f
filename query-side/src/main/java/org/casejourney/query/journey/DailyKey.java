package org.casejourney.query.journey;

import java.time.LocalDate;
import java.util.Objects;

/** One key of failure_demand_daily; '' stands for no team and for value demand. */
record DailyKey(LocalDate day, String service, String team, String channel, String category) implements Comparable<DailyKey> {

    DailyKey {
        team = Objects.requireNonNullElse(team, "");
        category = Objects.requireNonNullElse(category, "");
    }

    /** By service, day, team, channel and category: the order of failure_demand_daily's primary key, in which moves lock rows. */
    @Override
    public int compareTo(DailyKey other) {
        // written out: Comparator.comparing(...).thenComparing(...) was a tenth of a catch-up fold's thread (docs/performance.md)
        int c = service.compareTo(other.service);
        if (c == 0) {
            c = day.compareTo(other.day);
        }
        if (c == 0) {
            c = team.compareTo(other.team);
        }
        if (c == 0) {
            c = channel.compareTo(other.channel);
        }
        return c != 0 ? c : category.compareTo(other.category);
    }

    Object[] values(int contacts) {
        return new Object[]{service, day, team, channel, category, contacts};
    }
}
