package org.casejourney.query.journey;

import org.casejourney.events.journey.Journey;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Collection;

/** Writes people's fact rows for tests in other packages, as the projection does (PersonFacts is package-private). */
public final class FactWriter {

    private final PersonFacts facts;

    public FactWriter(JdbcTemplate jdbc) {
        this.facts = new PersonFacts(jdbc);
    }

    public void replace(Collection<Journey> journeys) {
        facts.replace(journeys);
    }
}
