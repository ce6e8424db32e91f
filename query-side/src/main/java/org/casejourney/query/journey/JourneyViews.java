package org.casejourney.query.journey;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.journey.Journey;
import org.casejourney.events.journey.JourneyFold;
import org.casejourney.query.platform.QuerySideProperties;
import org.casejourney.query.projections.SchemaSwitchHook;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The journey view as JSON, folded at every read (its measures depend on the instant) from the person's events as
 * the live schema holds them. Parsing a long stream's stored JSON and writing its timeline were nine tenths of a
 * read (docs/performance.md), and neither depends on the instant, so both are kept per person, with the stream's
 * length and last sequence they came from; each read checks those against the rows (one index look-up) and reads
 * the rows again only when they differ. Kept within a budget of events, least recently read forgotten first, and
 * forgotten whole when a rebuilt schema is switched in.
 */
@Component
class JourneyViews implements SchemaSwitchHook {

    /** What a person's rows gave, with the count and last sequence that identify them (events are only ever appended). */
    private record Parsed(long count, long lastSequence, List<RecordedEvent> events, byte[] timelineJson) {
    }

    @JsonIgnoreProperties({"timeline"})
    private interface WithoutTimeline {
    }

    private final JdbcTemplate jdbc;
    private final JourneyRows rows;
    private final ObjectMapper json;
    private final ObjectMapper measuresJson;
    private final Duration returnWindow;
    private final Cache<String, Parsed> parsed;

    JourneyViews(JdbcTemplate jdbc, JourneyRows rows, ObjectMapper json, MeterRegistry meters,
                 QuerySideProperties properties) {
        int returnWindowDays = properties.journey().returnWindowDays();
        long cacheEvents = properties.journey().viewCacheEvents();
        this.jdbc = jdbc;
        this.rows = rows;
        this.json = json;
        this.measuresJson = json.copy().addMixIn(Journey.class, WithoutTimeline.class);
        this.returnWindow = Duration.ofDays(returnWindowDays);
        this.parsed = Caffeine.newBuilder()
                .maximumWeight(Math.max(0, cacheEvents))
                .weigher((String person, Parsed p) -> (int) Math.min(Integer.MAX_VALUE, Math.max(1, p.count())))
                .recordStats()
                .build();
        meters.gauge("casejourney.journey.view.cache.hits", parsed, c -> c.stats().hitCount());
        meters.gauge("casejourney.journey.view.cache.misses", parsed, c -> c.stats().missCount());
    }

    /**
     * A journey's JSON in two parts that are written one after the other and never joined: the measures (every field
     * but the timeline, without the closing brace) and the kept timeline. A long journey's timeline is a megabyte;
     * joining the two copied it on every read, an allocation the size of a G1 region that went straight to the old
     * generation (docs/performance.md).
     */
    record JourneyJson(byte[] head, byte[] timeline) {

        /** The whole document's length in bytes. */
        int length() {
            return head.length + timeline.length + 1;
        }

        /** Writes the whole document. */
        void writeTo(OutputStream out) throws IOException {
            out.write(head);
            out.write(timeline);
            out.write('}');
        }

        /** The whole document as one array (for answers built from it, such as the CSV timeline). */
        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream(length());
            try {
                writeTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }

    /** The person's journey at {@code now} as the JSON of {@link Journey}; null when none of their events is projected. */
    JourneyJson journeyJson(String pseudonym, Instant now) {
        Current read = current(pseudonym, now);
        if (read == null) {
            return null;
        }
        Parsed current = read.parsed();
        Journey journey = read.folded() != null ? read.folded() : JourneyFold.fold(pseudonym, current.events(), now, returnWindow);
        try {
            byte[] measures = measuresJson.writeValueAsBytes(journey);
            byte[] field = (measures.length > 2 ? ",\"timeline\":" : "\"timeline\":").getBytes(StandardCharsets.US_ASCII);
            byte[] head = Arrays.copyOf(measures, measures.length - 1 + field.length); // all but the closing brace
            System.arraycopy(field, 0, head, measures.length - 1, field.length);
            return new JourneyJson(head, current.timelineJson());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kept (or freshly read) events and timeline; {@code folded} is the fold at the request's instant when it was just made. */
    private record Current(Parsed parsed, Journey folded) {
    }

    private Current current(String pseudonym, Instant now) {
        Parsed kept = parsed.getIfPresent(pseudonym);
        if (kept != null) {
            long[] stored = jdbc.queryForObject("select count(*), coalesce(max(sequence), -1) from journey_event where person_id = ?",
                    (rs, n) -> new long[]{rs.getLong(1), rs.getLong(2)}, pseudonym);
            if (stored != null && stored[0] == kept.count() && stored[1] == kept.lastSequence()) {
                return new Current(kept, null);
            }
        }
        List<RecordedEvent> events = rows.events(pseudonym);
        if (events.isEmpty()) {
            parsed.invalidate(pseudonym);
            return null;
        }
        try {
            // the timeline, with each event's episode, does not change with the instant: written once per stream state
            Journey folded = JourneyFold.fold(pseudonym, events, now, returnWindow);
            Parsed read = new Parsed(events.size(), events.get(events.size() - 1).sequence(), events, json.writeValueAsBytes(folded.timeline()));
            parsed.put(pseudonym, read);
            return new Current(read, folded);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void switched(JdbcTemplate jdbc) {
        parsed.invalidateAll();
    }
}
