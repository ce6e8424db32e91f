package org.casejourney.standalone.generator;

import org.casejourney.events.PersonEvent;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;

/**
 * Synthetic but plausible journeys: people arrive at one of several services, are assessed,
 * referred, handed on, supported, chase progress, get closed and some come back. One team,
 * {@code reablement-north}, works redesigned (one practitioner end to end, fewer assessments,
 * referrals and handoffs, more face-to-face time, little failure demand, few returns); the rest
 * work as usual, with failure demand of 40-80% in the worst services.
 *
 * <p>Each person is generated from the seed and the person's index alone, so a person's events
 * (ids included) are the same on every run with the same seed and end: a rerun is a retry.
 */
public final class JourneyGenerator {

    public static final String REDESIGNED_TEAM = "reablement-north";

    /** One generated person and their whole stream, in order. */
    public record Person(String personId, boolean redesigned, List<PersonEvent> events) {
    }

    private final String prefix;
    private final long seed;
    private final Instant end;
    private final Duration window;

    /**
     * @param prefix starts every person id, so separate runs (benchmarks) never share people
     * @param end    the latest moment an event may happen; activity is spread over {@code days} before it
     */
    public JourneyGenerator(String prefix, long seed, Instant end, int days) {
        this.prefix = prefix;
        this.seed = seed;
        this.end = end.truncatedTo(ChronoUnit.SECONDS);
        this.window = Duration.ofDays(days);
    }

    /** The default prefix: the seed is part of every id, so runs with different seeds add people. */
    public static String defaultPrefix(long seed) {
        return "gen" + seed;
    }

    public Person person(int index) {
        Random random = new Random(seed * 1_000_003L + index);
        String personId = prefix + "-" + String.format("%06d", index);
        Teams.Team home = Teams.pick(random, Teams.TEAMS_WEIGHTED);
        Instant start = end.minusSeconds((long) (random.nextDouble() * window.toSeconds()));
        return new Person(personId, home.redesigned(), new PersonStream(personId, home, random, start, end).build());
    }
}
