package org.casejourney.standalone.benchmark;

import org.casejourney.standalone.generator.BatchPoster;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ContactsTest {

    @Test
    void overlappingBatchesShareTheirPeopleWithEveryOtherBatchAndNoneWithTheNext() {
        List<List<BatchPoster.Item>> batches = Contacts.overlapping("t", 4500, 1000);

        assertThat(batches).extracting(List::size).containsExactly(1000, 1000, 1000, 1000, 500);
        assertThat(people(batches.get(0))).hasSize(100).isEqualTo(people(batches.get(2))).isEqualTo(people(batches.get(4)));
        assertThat(people(batches.get(1))).hasSize(100).isEqualTo(people(batches.get(3))).doesNotContainAnyElementsOf(people(batches.get(0)));
        assertThat(batches.get(0).stream().filter(i -> i.personId().equals("t-0"))).hasSize(Contacts.PER_PERSON);
    }

    @Test
    void everyContactHasItsOwnEventId() {
        List<BatchPoster.Item> all = Contacts.overlapping("t", 2345, 100).stream().flatMap(List::stream).toList();
        Set<String> ids = new HashSet<>();
        all.forEach(item -> ids.add(item.event().eventId()));
        assertThat(all).hasSize(2345);
        assertThat(ids).hasSize(2345);
    }

    private static Set<String> people(List<BatchPoster.Item> batch) {
        return batch.stream().map(BatchPoster.Item::personId).collect(Collectors.toSet());
    }
}
