package org.casejourney.query.endtoend;

import org.casejourney.events.Channel;
import org.casejourney.query.analytics.FactsDatabase;
import org.casejourney.query.analytics.InvalidQuery;
import org.casejourney.query.analytics.PersonStream;
import org.casejourney.query.analytics.SeriesQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * End-to-end days per ISO week of closure, March 2026, by hand:
 * week of 2 March: 2 and 7 days (mean 4.5, median 4.5, p85 2 + 0.85 × 5 = 6.25);
 * week of 9 March: 17 days 30 minutes (closed Sunday 23:30-01:00, so Monday UTC), 1 and 3 days
 * (mean 21.0208.../3, median 3, p85 3 + 0.7 × 14.0208...); week of 16 March: none (its closure was retracted);
 * week of 23 March: 2 days (a closure corrected from 20 to 25 March).
 */
class FindEndToEndTest {

    /** e7 (its closure retracted) and e8 are still open then: 15 and 8 days after their first contacts. */
    private static final Instant AS_OF = Instant.parse("2026-04-01T00:00:00Z");
    private static final double SEVENTEEN_AND_A_HALF_HOUR = 17 + 0.5 / 24;

    private static FactsDatabase db;
    private static FindEndToEnd find;

    @BeforeAll
    static void data() {
        db = new FactsDatabase("analytics_end_to_end");
        find = new FindEndToEnd(db.jdbc(), 1, 50_000);
        db.write(
                PersonStream.of("e1").value("2026-03-02T00:00:00Z", Channel.PHONE).closed("2026-03-04T00:00:00Z"),
                PersonStream.of("e2").value("2026-03-01T12:00:00Z", Channel.PHONE).closed("2026-03-08T12:00:00Z"),
                PersonStream.of("e3").value("2026-02-20T00:00:00Z", Channel.PHONE).closed("2026-03-08T23:30:00-01:00"),
                PersonStream.of("e4").in("adult-social-care", "reablement", "county-council")
                        .value("2026-03-09T00:00:00Z", Channel.PHONE).closed("2026-03-10T00:00:00Z"),
                PersonStream.of("e5").value("2026-03-10T00:00:00Z", Channel.EMAIL).closed("2026-03-13T00:00:00Z"),
                PersonStream.of("e6").value("2026-03-23T00:00:00Z", Channel.PHONE).closed("2026-03-20T00:00:00Z")
                        .correctLast(1, Map.of("occurredAt", "2026-03-25T00:00:00Z")),
                PersonStream.of("e7").value("2026-03-17T00:00:00Z", Channel.PHONE).closed("2026-03-18T00:00:00Z").retractLast(1),
                PersonStream.of("e8").value("2026-03-24T00:00:00Z", Channel.PHONE));
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static FindEndToEnd.Group query(String team, String channel) {
        FindEndToEnd.EndToEnd answer = find.find(SeriesQuery.parse(null, team, channel, "2026-03-02", "2026-03-29", "week", null, PersonStream.NOW),
                AS_OF);
        assertThat(answer.groups()).hasSize(1);
        return answer.groups().get(0);
    }

    @Test
    void closedEpisodesPerWeekWithMeanMedianAnd85thPercentile() {
        FindEndToEnd.Group all = query(null, null);

        assertThat(all.series()).hasSize(4);
        assertThat(all.series().get(0)).isEqualTo(new FindEndToEnd.Point(LocalDate.parse("2026-03-02"), 2, 4.5, 4.5, 6.25, false));
        FindEndToEnd.Point second = all.series().get(1);
        assertThat(second.closedEpisodes()).isEqualTo(3);
        assertThat(second.mean()).isCloseTo((SEVENTEEN_AND_A_HALF_HOUR + 1 + 3) / 3, within(1e-9));
        assertThat(second.median()).isEqualTo(3.0);
        assertThat(second.p85()).isCloseTo(3 + 0.7 * (SEVENTEEN_AND_A_HALF_HOUR - 3), within(1e-9));
        assertThat(all.series().get(2)).isEqualTo(new FindEndToEnd.Point(LocalDate.parse("2026-03-16"), 0, null, null, null, false));
        assertThat(all.series().get(3)).isEqualTo(new FindEndToEnd.Point(LocalDate.parse("2026-03-23"), 1, 2.0, 2.0, 2.0, false));
    }

    @Test
    void theXmrSummaryIsOverTheWeeklyMeans() {
        double w1 = 4.5;
        double w2 = (SEVENTEEN_AND_A_HALF_HOUR + 4) / 3;
        double w4 = 2.0;
        double mean = (w1 + w2 + w4) / 3;
        double movingRange = (Math.abs(w2 - w1) + Math.abs(w4 - w2)) / 2;

        FindEndToEnd.Group all = query(null, null);

        assertThat(all.xmr().mean()).isCloseTo(mean, within(1e-9));
        assertThat(all.xmr().upperLimit()).isCloseTo(mean + 2.66 * movingRange, within(1e-9));
        assertThat(all.xmr().lowerLimit()).isEqualTo(0.0);
    }

    @Test
    void episodesStillOpenAreShownBesideTheSeriesAsCensoredWithTheirDaysSoFar() {
        FindEndToEnd.Group all = query(null, null);

        // e7 opened 17 March, e8 24 March: 15 and 8 days by 1 April; median 11.5, p85 8 + 0.85 × 7
        assertThat(all.open()).isEqualTo(new FindEndToEnd.Open(2, 11.5, 13.95, false));
        assertThat(query("reablement", null).open()).isEqualTo(FindEndToEnd.Open.NONE);
        assertThat(new FindEndToEnd(db.jdbc(), 3, 50_000).find(SeriesQuery.parse(null, null, null, "2026-03-02", "2026-03-29", "week",
                null, PersonStream.NOW), AS_OF).groups().get(0).open()).isEqualTo(new FindEndToEnd.Open(null, null, null, true));
    }

    @Test
    void aGroupWithOnlyOpenEpisodesIsListedNotDropped() {
        FindEndToEnd.EndToEnd byTeam = find.find(SeriesQuery.parse(null, null, null, "2026-03-30", "2026-04-05", "week", "team",
                PersonStream.NOW), AS_OF);

        assertThat(byTeam.groups()).extracting(FindEndToEnd.Group::group).containsExactly("front-door");
        assertThat(byTeam.groups().get(0).series()).extracting(FindEndToEnd.Point::closedEpisodes).containsExactly(0);
        assertThat(byTeam.groups().get(0).open().episodes()).isEqualTo(2);
    }

    @Test
    void aTeamOrChannelSelectsTheEpisodesThatInvolvedIt() {
        assertThat(query("reablement", null).series()).extracting(FindEndToEnd.Point::closedEpisodes).containsExactly(0, 1, 0, 0);
        assertThat(query(null, "EMAIL").series().get(1)).isEqualTo(new FindEndToEnd.Point(LocalDate.parse("2026-03-09"), 1, 3.0, 3.0, 3.0, false));
    }

    @Test
    void theDistributionCountsTheClosedEpisodesInBinsOfAWeekOfDays() {
        // 1, 2, 2 and 3 days; exactly 7 days falls in the second bin; 17 days in the third
        assertThat(query(null, null).distribution()).isEqualTo(new FindEndToEnd.Distribution(7, List.of(
                new FindEndToEnd.Bin(0, 7, 4, false), new FindEndToEnd.Bin(7, 14, 1, false), new FindEndToEnd.Bin(14, 21, 1, false))));
    }

    @Test
    void aBinOfFewerPeopleThanTheSmallestCohortIsSuppressedAndAnEmptyOneIsZero() {
        FindEndToEnd.EndToEnd answer = new FindEndToEnd(db.jdbc(), 2, 50_000).find(
                SeriesQuery.parse(null, null, null, "2026-03-02", "2026-03-29", "week", null, PersonStream.NOW), AS_OF);
        // two bins of one person each: suppressed; together they hold 2 episodes, the smallest cohort's size, so nothing more is
        assertThat(answer.groups().get(0).distribution().bins()).containsExactly(
                new FindEndToEnd.Bin(0, 7, 4, false), new FindEndToEnd.Bin(7, 14, null, true), new FindEndToEnd.Bin(14, 21, null, true));
        FindEndToEnd.EndToEnd lone = new FindEndToEnd(db.jdbc(), 3, 50_000).find(
                SeriesQuery.parse(null, null, null, "2026-03-02", "2026-03-29", "week", null, PersonStream.NOW), AS_OF);
        assertThat(lone.groups().get(0).distribution().bins()).as("with 3 people the smallest cohort, the 4-episode bin is hidden as well, "
                        + "or the two suppressed ones' sum would be the total less 4")
                .containsExactly(new FindEndToEnd.Bin(0, 7, null, true), new FindEndToEnd.Bin(7, 14, null, true), new FindEndToEnd.Bin(14, 21, null, true));
        FindEndToEnd.EndToEnd lateOnly = new FindEndToEnd(db.jdbc(), 1, 50_000).find(
                SeriesQuery.parse(null, null, null, "2026-03-09", "2026-03-15", "week", null, PersonStream.NOW), AS_OF);
        assertThat(lateOnly.groups().get(0).distribution().bins()).as("e3's 17 days, e4's 1 and e5's 3: the empty bin between is 0")
                .containsExactly(new FindEndToEnd.Bin(0, 7, 2, false), new FindEndToEnd.Bin(7, 14, 0, false), new FindEndToEnd.Bin(14, 21, 1, false));
    }

    @Test
    void anAnswerOfMoreCellsThanTheMaximumIsRefused() {
        // by channel (PHONE, EMAIL) over four weeks: 8 cells
        SeriesQuery byChannel = SeriesQuery.parse(null, null, null, "2026-03-02", "2026-03-29", "week", "channel", PersonStream.NOW);
        assertThat(new FindEndToEnd(db.jdbc(), 1, 8).find(byChannel, AS_OF).groups()).hasSize(2);
        assertThatThrownBy(() -> new FindEndToEnd(db.jdbc(), 1, 7).find(byChannel, AS_OF))
                .isInstanceOfSatisfying(InvalidQuery.class, e -> assertThat(e.toProblemDetail().getDetail())
                        .contains("more than 7 cells", "larger bucket"));
    }
}
