package org.casejourney.standalone.benchmark;

import org.casejourney.events.Channel;
import org.casejourney.events.ContactRecorded;
import org.casejourney.events.DemandType;
import org.casejourney.standalone.generator.BatchPoster;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Contacts only: a person's contacts may be stored in any order, so batches carrying the same people
 * may be posted concurrently without making a stream wrong.
 */
final class Contacts {

    private Contacts() {
    }

    static ContactRecorded contact(String eventId, Instant at) {
        return new ContactRecorded(eventId, at.truncatedTo(ChronoUnit.MILLIS), "housing", "housing-options", "district-council",
                "benchmark-01", "benchmark", null, null, List.of("benchmark"), Channel.PHONE, DemandType.VALUE, null,
                "benchmark contact", 5, false);
    }

    /**
     * {@code events} contacts of {@code people} people in batches of {@code batchSize}, round by round (every
     * person's n-th contact, then every person's n+1-th), so each person's contacts are spread over many
     * batches and batches in flight together carry the same people.
     */
    static List<List<BatchPoster.Item>> overlapping(String prefix, int people, int events, int batchSize) {
        Instant base = Instant.now().minus(1, ChronoUnit.DAYS);
        List<List<BatchPoster.Item>> batches = new ArrayList<>();
        List<BatchPoster.Item> current = new ArrayList<>();
        for (int k = 0; k < events; k++) {
            int person = k % people;
            int round = k / people;
            String personId = prefix + "-" + person;
            current.add(new BatchPoster.Item(personId, contact(personId + "-c" + round, base.plusSeconds(round))));
            if (current.size() == batchSize) {
                batches.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }
}
