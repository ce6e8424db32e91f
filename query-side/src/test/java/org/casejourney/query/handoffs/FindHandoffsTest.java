package org.casejourney.query.handoffs;

import org.casejourney.events.Channel;
import org.casejourney.query.analytics.FactsDatabase;
import org.casejourney.query.analytics.PersonStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The network between teams and organisations, corrections and retractions applied, counted by hand. */
class FindHandoffsTest {

    private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-04-01T00:00:00Z");

    private static FactsDatabase db;
    private static FindHandoffs find;

    @BeforeAll
    static void data() {
        db = new FactsDatabase("analytics_handoffs");
        find = new FindHandoffs(db.jdbc(), 1);
        db.write(
                PersonStream.of("h1").value("2026-03-02T09:00:00Z", Channel.PHONE)
                        .handoff("2026-03-03T09:00:00Z", "front-door", "assessment", null, null)
                        .handoff("2026-03-04T09:00:00Z", "assessment", "reablement-north", "county-council", "nhs-trust")
                        .referral("2026-03-05T09:00:00Z", "r-1", "assessment", "reablement-north", "county-council", "nhs-trust")
                        .referral("2026-03-06T09:00:00Z", "r-2", null, "housing", null, null),
                PersonStream.of("h2").value("2026-03-02T09:00:00Z", Channel.PHONE)
                        .handoff("2026-03-03T09:00:00Z", "front-door", "assessment", null, null)
                        .handoff("2026-03-04T09:00:00Z", "assessment", "front-door", null, null).retractLast(1)
                        .referral("2026-03-05T09:00:00Z", "r-3", null, "housing", null, null)
                        .correctLast(1, Map.of("toTeam", "reablement-north")),
                PersonStream.of("h3").value("2026-04-02T09:00:00Z", Channel.PHONE)
                        .handoff("2026-04-03T09:00:00Z", "front-door", "assessment", null, null));
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void handoffsAndReferralsAreCountedApartBetweenTeamsAndBetweenOrganisations() {
        FindHandoffs.Network network = find.find(null, null, FROM, TO);

        assertThat(network.teams().handoffs()).containsExactly(
                new FindHandoffs.Edge("front-door", "assessment", 2, false), new FindHandoffs.Edge("assessment", "reablement-north", 1, false));
        assertThat(network.teams().referrals()).containsExactly(
                new FindHandoffs.Edge("assessment", "reablement-north", 1, false), new FindHandoffs.Edge("front-door", "housing", 1, false),
                new FindHandoffs.Edge("front-door", "reablement-north", 1, false));
        // a handoff without organisations stays in the event's own; a referral to an unknown organisation is left out
        assertThat(network.organisations().handoffs()).containsExactly(
                new FindHandoffs.Edge("county-council", "county-council", 2, false), new FindHandoffs.Edge("county-council", "nhs-trust", 1, false));
        assertThat(network.organisations().referrals()).containsExactly(new FindHandoffs.Edge("county-council", "nhs-trust", 1, false));
    }

    @Test
    void aTeamSelectsTheEdgesFromOrToIt() {
        FindHandoffs.Network network = find.find("adult-social-care", "reablement-north", FROM, TO);

        assertThat(network.teams().handoffs()).containsExactly(new FindHandoffs.Edge("assessment", "reablement-north", 1, false));
        assertThat(network.teams().referrals()).containsExactly(
                new FindHandoffs.Edge("assessment", "reablement-north", 1, false), new FindHandoffs.Edge("front-door", "reablement-north", 1, false));
        assertThat(find.find("housing", null, FROM, TO).teams().handoffs()).isEmpty();
    }
}
