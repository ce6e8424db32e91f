package org.casejourney.events;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class PseudonymsTest {

    private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!!";

    @Test
    void anIdSeenBeforeGetsTheSamePseudonymAsOnItsFirstCallWhateverCameBetween() {
        Pseudonyms shared = new Pseudonyms(SECRET);
        // "Aa" and "BB" share a hash code, so they meet in the memo; the rest come round again after thousands of others
        List<String> ids = new ArrayList<>(List.of("Aa", "BB", "AaAa", "BBBB", "AaBB", "BBAa"));
        Random random = new Random(20261206);
        for (int i = 0; i < 5_000; i++) {
            ids.add("p-" + random.nextInt(2_000));
        }
        Map<String, String> first = new HashMap<>();
        for (int round = 0; round < 3; round++) {
            for (String id : ids) {
                String pseudonym = shared.of(id);
                assertThat(first.computeIfAbsent(id, any -> new Pseudonyms(SECRET).of(id))).as(id).isEqualTo(pseudonym);
            }
        }
        assertThat(shared.of("Aa")).isNotEqualTo(shared.of("BB"));
        assertThat(new Pseudonyms("another-secret-of-at-least-thirty-two-b").of("Aa")).isNotEqualTo(shared.of("Aa"));
    }

    @Test
    void threadsSharingOneInstanceEachGetTheRightPseudonyms() throws Exception {
        Pseudonyms shared = new Pseudonyms(SECRET);
        Pseudonyms reference = new Pseudonyms(SECRET);
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            expected.put("p-" + i, reference.of("p-" + i));
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> checked = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                checked.add(threads.submit(() -> {
                    Random random = new Random(seed);
                    int n = 0;
                    for (int i = 0; i < 20_000; i++) {
                        String id = "p-" + random.nextInt(500);
                        assertThat(shared.of(id)).as(id).isEqualTo(expected.get(id));
                        n++;
                    }
                    return n;
                }));
            }
            for (Future<Integer> done : checked) {
                assertThat(done.get()).isEqualTo(20_000);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
