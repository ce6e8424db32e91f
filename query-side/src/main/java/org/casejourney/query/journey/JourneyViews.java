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
import org.casejourney.query.accesslog.AccessLog;
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
 * The journey view as JSON, finished at every read (its measures depend on the instant) from the person's events as
 * the live schema holds them. Parsing a long stream's stored JSON and writing its timeline were nine tenths of a
 * read, and the fold up to the instant most of the rest (docs/performance.md); none depends on the instant, so each
 * is kept per person ({@link JourneyFold.Tallied} and the timeline's JSON), with the stream's length and last
 * sequence they came from; each read checks those against the rows (one index look-up), reads the rows again only
 * when they differ, and finishes the kept tally at its instant. Kept within a budget of events, least recently read
 * forgotten first, and forgotten whole when a rebuilt schema is switched in.
 */
@Component
class JourneyViews implements SchemaSwitchHook {

    /**
     * What a person's rows gave, with the count and last sequence that identify them (events are only ever appended):
     * their fold up to the instant of a read, and its timeline's JSON.
     */
    private record Parsed(long count, long lastSequence, JourneyFold.Tallied tallied, byte[] timelineJson) {
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

    /**
     * The person's journey at {@code now} as the JSON of {@link Journey}; null when none of their events is projected.
     * The read's access-log {@code entry} is written first, in the same statement as the check of a kept journey.
     */
    JourneyJson journeyJson(String pseudonym, Instant now, AccessLog.Pending entry) {
        Parsed read = current(pseudonym, entry);
        if (read == null) {
            return null;
        }
        Journey journey = read.tallied().at(now);
        try {
            byte[] measures = measuresJson.writeValueAsBytes(journey);
            byte[] field = (measures.length > 2 ? ",\"timeline\":" : "\"timeline\":").getBytes(StandardCharsets.US_ASCII);
            byte[] head = Arrays.copyOf(measures, measures.length - 1 + field.length); // all but the closing brace
            System.arraycopy(field, 0, head, measures.length - 1, field.length);
            return new JourneyJson(head, read.timelineJson());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kept (or freshly read) fold and timeline; null when none of the person's events is projected. */
    private Parsed current(String pseudonym, AccessLog.Pending entry) {
        Parsed kept = parsed.getIfPresent(pseudonym);
        if (kept == null) {
            entry.write();
        } else {
            // the entry and the check in one round trip: the read's commit and its look-up were two
            long[] stored = entry.writeWith("select count(*), coalesce(max(sequence), -1) from journey_event where person_id = ?",
                    (rs, n) -> new long[]{rs.getLong(1), rs.getLong(2)}, pseudonym);
            if (stored != null && stored[0] == kept.count() && stored[1] == kept.lastSequence()) {
                return kept;
            }
        }
        List<RecordedEvent> events = rows.events(pseudonym);
        if (events.isEmpty()) {
            parsed.invalidate(pseudonym);
            return null;
        }
        try {
            // the fold up to the instant and the timeline, with each event's episode, do not change with the instant:
            // made once per stream state
            JourneyFold.Tallied tallied = JourneyFold.tallied(pseudonym, events, returnWindow);
            Parsed read = new Parsed(events.size(), events.get(events.size() - 1).sequence(), tallied, json.writeValueAsBytes(tallied.timeline()));
            parsed.put(pseudonym, read);
            return read;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void switched(JdbcTemplate jdbc) {
        parsed.invalidateAll();
    }
}
