package org.casejourney.standalone.generator;

import com.fasterxml.jackson.databind.JsonNode;
import org.casejourney.events.CaseClosed;
import org.casejourney.events.ContactRecorded;
import org.casejourney.events.DemandType;
import org.casejourney.events.EventJson;
import org.casejourney.events.EventRules;
import org.casejourney.events.FailureCategories;
import org.casejourney.events.HandoffMade;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.ReferralMade;
import org.casejourney.events.ReferralResolved;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class JourneyGeneratorTest {

    private static final Instant END = Instant.parse("2026-06-01T00:00:00Z");
    private static final JourneyGenerator GENERATOR = new JourneyGenerator("gen7", 7, END, 365);
    private static final List<JourneyGenerator.Person> PEOPLE = IntStream.range(0, 2000).mapToObj(GENERATOR::person).toList();

    @Test
    void theSameSeedGivesTheSameEventsAndIds() {
        JourneyGenerator again = new JourneyGenerator("gen7", 7, END, 365);
        assertThat(again.person(42)).isEqualTo(PEOPLE.get(42));
        assertThat(new JourneyGenerator("gen8", 8, END, 365).person(42)).isNotEqualTo(PEOPLE.get(42));
    }

    @Test
    void everyStreamIsOneTheCommandSideAccepts() {
        Set<String> eventIds = new HashSet<>();
        for (JourneyGenerator.Person person : PEOPLE) {
            assertThat(person.personId()).matches("[A-Za-z0-9._-]{1,64}");
            Set<String> referrals = new HashSet<>();
            Instant previous = Instant.MIN;
            for (PersonEvent event : person.events()) {
                assertThat(EventRules.check(event, Set.copyOf(FailureCategories.STANDARD))).isEmpty();
                assertThat(eventIds.add(event.eventId())).as("unique id %s", event.eventId()).isTrue();
                assertThat(event.occurredAt()).isAfterOrEqualTo(previous).isBeforeOrEqualTo(END);
                previous = event.occurredAt();
                if (event instanceof ReferralMade r) {
                    referrals.add(r.referralId());
                }
                if (event instanceof ReferralResolved r) {
                    assertThat(referrals.remove(r.referralId())).as("resolves an open referral").isTrue();
                }
                assertThat(EventJson.read(EventJson.write(event), PersonEvent.class)).isEqualTo(event);
            }
        }
    }

    @Test
    void theWorstServicesHaveFailureDemandOf40To80PercentAndTheRedesignedTeamLittle() {
        Map<String, int[]> byService = new HashMap<>();
        int[] redesigned = new int[2];
        for (JourneyGenerator.Person person : PEOPLE) {
            for (PersonEvent event : person.events()) {
                if (event instanceof ContactRecorded c) {
                    int[] counts = c.team().equals(JourneyGenerator.REDESIGNED_TEAM) ? redesigned : byService.computeIfAbsent(c.service(), s -> new int[2]);
                    counts[0]++;
                    counts[1] += c.demandType() == DemandType.FAILURE ? 1 : 0;
                }
            }
        }
        assertThat(share(byService.get("benefits"))).isBetween(0.4, 0.8);
        assertThat(share(byService.get("housing"))).isBetween(0.4, 0.8);
        assertThat(share(redesigned)).isLessThan(0.25);
    }

    @Test
    void theRedesignedTeamHandsOnLessAndFewerPeopleReturn() {
        assertThat(mean(true, HandoffMade.class)).isLessThan(mean(false, HandoffMade.class) / 2);
        assertThat(returnRate(true)).isLessThan(returnRate(false));
        assertThat(returnRate(false)).isGreaterThan(0.1);
    }

    @Test
    void everyFailureCategoryOccurs() {
        Set<String> categories = new HashSet<>();
        PEOPLE.forEach(p -> p.events().forEach(e -> {
            if (e instanceof ContactRecorded c && c.failureCategory() != null) {
                categories.add(c.failureCategory());
            }
        }));
        assertThat(categories).containsExactlyInAnyOrderElementsOf(FailureCategories.STANDARD);
    }

    @Test
    void batchItemsCarryThePersonIdBesideTheEventsOwnJson() throws Exception {
        JourneyGenerator.Person person = PEOPLE.get(0);
        BatchPoster poster = new BatchPoster(URI.create("http://localhost:1"), 1, "Bearer unused");
        JsonNode body = EventJson.mapper().readTree(poster.body(List.of(new BatchPoster.Item(person.personId(), person.events().get(0)))));
        JsonNode item = body.path("events").path(0);
        assertThat(item.path("personId").asText()).isEqualTo(person.personId());
        assertThat(item.path("type").asText()).isEqualTo(person.events().get(0).type());
        assertThat(item.path("eventId").asText()).isEqualTo(person.events().get(0).eventId());
    }

    @Test
    void packingKeepsEachPersonInOneBatchWhereTheyFit() {
        BatchPoster.Packing packing = BatchPoster.pack(PEOPLE, 500);
        assertThat(packing.splitsPeople()).isFalse();
        assertThat(packing.events()).isEqualTo(PEOPLE.stream().mapToLong(p -> p.events().size()).sum());
        Map<String, Integer> batchOf = new HashMap<>();
        for (int b = 0; b < packing.batches().size(); b++) {
            assertThat(packing.batches().get(b)).hasSizeLessThanOrEqualTo(500);
            for (BatchPoster.Item item : packing.batches().get(b)) {
                assertThat(batchOf.putIfAbsent(item.personId(), b)).isIn(null, b);
            }
        }
        assertThat(BatchPoster.pack(PEOPLE, 3).splitsPeople()).isTrue();
    }

    private static double share(int[] counts) {
        return (double) counts[1] / counts[0];
    }

    private static double mean(boolean redesigned, Class<?> kind) {
        return PEOPLE.stream().filter(p -> p.redesigned() == redesigned)
                .mapToLong(p -> p.events().stream().filter(kind::isInstance).count()).average().orElseThrow();
    }

    /** Share of closures followed by a contact within 90 days. */
    private static double returnRate(boolean redesigned) {
        int closures = 0;
        int returns = 0;
        for (JourneyGenerator.Person person : PEOPLE.stream().filter(p -> p.redesigned() == redesigned).toList()) {
            Instant closedAt = null;
            for (PersonEvent event : person.events()) {
                if (event instanceof CaseClosed) {
                    closures++;
                    closedAt = event.occurredAt();
                } else if (event instanceof ContactRecorded && closedAt != null) {
                    returns += Duration.between(closedAt, event.occurredAt()).toDays() < 90 ? 1 : 0;
                    closedAt = null;
                }
            }
        }
        return (double) returns / closures;
    }
}
