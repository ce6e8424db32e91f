package org.casejourney.command.verification;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** How far back a reading of the heads must look, so an event of a transaction still open at a reading is not missed. */
class HeadReadingsTest {

    private static final Instant T = Instant.parse("2026-12-06T02:00:00Z");
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    void withoutAKeptReadingEveryHeadIsRead() {
        assertThat(new HeadReadings(FIVE_MINUTES).readAfter()).isEmpty();
    }

    @Test
    void aReadingLooksBackToOneThatBeganTheLongestTransactionBeforeTheLastKeptOne() {
        HeadReadings readings = new HeadReadings(FIVE_MINUTES);
        readings.kept(T, 100);
        readings.kept(T.plus(Duration.ofMinutes(4)), 150);
        assertThat(readings.readAfter()).as("an event open at the last reading may have an index below 150, even below 100")
                .isEmpty();

        readings.kept(T.plus(FIVE_MINUTES), 200);
        assertThat(readings.readAfter()).isEqualTo(OptionalLong.of(100));

        readings.kept(T.plus(Duration.ofMinutes(9)), 300);
        assertThat(readings.readAfter()).as("the reading at 4 minutes is five before the one at 9").isEqualTo(OptionalLong.of(150));
        readings.kept(T.plus(Duration.ofMinutes(10)), 400);
        assertThat(readings.readAfter()).isEqualTo(OptionalLong.of(200));
    }

    @Test
    void aReadingThatEndsAfterALaterOneBeganAddsNothing() {
        HeadReadings readings = new HeadReadings(FIVE_MINUTES);
        readings.kept(T.plus(FIVE_MINUTES), 200);
        readings.kept(T, 100);
        assertThat(readings.readAfter()).isEmpty();
    }
}
