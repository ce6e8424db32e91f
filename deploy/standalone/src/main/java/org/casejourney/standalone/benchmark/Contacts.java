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

    static final int PER_PERSON = 10;

    private Contacts() {
    }

    static ContactRecorded contact(String eventId, Instant at) {
        return new ContactRecorded(eventId, at.truncatedTo(ChronoUnit.MILLIS), "housing", "housing-options", "district-council",
                "benchmark-01", "benchmark", null, null, List.of("benchmark"), Channel.PHONE, DemandType.VALUE, null,
                "benchmark contact", 5, false);
    }

    /**
     * {@code events} contacts in batches of {@code batchSize}, each batch holding {@link #PER_PERSON} contacts of each of
     * its people; even batches carry one group of people and odd batches another, so each person's contacts are
     * spread over every other batch and batches in flight together carry the same people.
     */
    static List<List<BatchPoster.Item>> overlapping(String prefix, int events, int batchSize) {
        int group = groupSize(batchSize);
        Instant base = Instant.now().minus(1, ChronoUnit.DAYS);
        int[] contacts = new int[2 * group];
        List<List<BatchPoster.Item>> batches = new ArrayList<>();
        for (int posted = 0, b = 0; posted < events; b++) {
            List<BatchPoster.Item> batch = new ArrayList<>();
            for (int i = 0; i < batchSize && posted < events; i++, posted++) {
                int person = (b % 2) * group + i % group;
                String personId = prefix + "-" + person;
                int n = contacts[person]++;
                batch.add(new BatchPoster.Item(personId, contact(personId + "-c" + n, base.plusSeconds(n))));
            }
            batches.add(batch);
        }
        return batches;
    }

    /** People in one batch of the overlapping load. */
    static int groupSize(int batchSize) {
        return Math.max(1, batchSize / PER_PERSON);
    }
}
