package org.casejourney.standalone.generator;

import org.casejourney.events.CaseOutcome;
import org.casejourney.events.Channel;
import org.casejourney.events.FailureCategories;
import org.casejourney.events.ReferralOutcome;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The world the generated people meet: the services and their teams (with each team's failure
 * demand and share of people), and the weighted choices of channel, failure category and outcome.
 */
final class Teams {

    record Team(String service, String organisation, String name, boolean redesigned, double failureRate, int weight) {
    }

    static final List<Team> ALL = List.of(
            new Team("adult-social-care", "county-council", JourneyGenerator.REDESIGNED_TEAM, true, 0.12, 12),
            new Team("adult-social-care", "county-council", "reablement-south", false, 0.55, 12),
            new Team("adult-social-care", "county-council", "adult-duty-team", false, 0.62, 10),
            new Team("adult-social-care", "county-council", "long-term-support", false, 0.50, 8),
            new Team("housing", "district-council", "housing-options", false, 0.68, 14),
            new Team("housing", "district-council", "tenancy-support", false, 0.55, 8),
            new Team("community-health", "community-health-trust", "district-nursing", false, 0.35, 12),
            new Team("community-health", "community-health-trust", "therapy-team", false, 0.30, 6),
            new Team("benefits", "benefits-agency", "benefits-contact-centre", false, 0.78, 12),
            new Team("benefits", "benefits-agency", "benefits-processing", false, 0.70, 6));

    static final List<String> CATEGORY_WEIGHTED = weighted(
            FailureCategories.PROGRESS_CHASING, 30, FailureCategories.REPEAT_CONTACT, 18, FailureCategories.NO_RESPONSE, 15,
            FailureCategories.WRONGLY_ROUTED, 12, FailureCategories.WRONG_INFORMATION, 10,
            FailureCategories.NOT_DONE_RIGHT_FIRST_TIME, 10, FailureCategories.OTHER, 5);
    static final List<Team> TEAMS_WEIGHTED = ALL.stream()
            .flatMap(t -> Collections.nCopies(t.weight(), t).stream()).toList();
    static final List<Channel> CHANNELS_WEIGHTED = weighted(Channel.PHONE, 50, Channel.ONLINE, 15, Channel.EMAIL, 10,
            Channel.LETTER, 5, Channel.FACE_TO_FACE, 12, Channel.HOME_VISIT, 8);
    static final List<CaseOutcome> CLOSURES_WEIGHTED = weighted(CaseOutcome.NEEDS_MET, 60, CaseOutcome.NO_FURTHER_ACTION, 15,
            CaseOutcome.TRANSFERRED_OUT, 8, CaseOutcome.PERSON_DECLINED, 8, CaseOutcome.OTHER, 5, CaseOutcome.PERSON_DIED, 4);
    static final List<ReferralOutcome> RESOLUTIONS_WEIGHTED = weighted(ReferralOutcome.ACCEPTED, 70,
            ReferralOutcome.DECLINED, 20, ReferralOutcome.WITHDRAWN, 10);

    private Teams() {
    }

    static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** A team other than {@code not}, never the redesigned one: people are referred and handed on to teams working as usual. */
    static Team pickOther(Random random, Team not) {
        Team other;
        do {
            other = pick(random, TEAMS_WEIGHTED);
        } while (other.equals(not) || other.redesigned());
        return other;
    }

    /** A list in which each value appears as often as its weight, so a uniform pick is a weighted one. */
    @SuppressWarnings("unchecked")
    private static <T> List<T> weighted(Object... valueWeightPairs) {
        List<T> list = new ArrayList<>();
        for (int i = 0; i < valueWeightPairs.length; i += 2) {
            for (int w = 0; w < (Integer) valueWeightPairs[i + 1]; w++) {
                list.add((T) valueWeightPairs[i]);
            }
        }
        return List.copyOf(list);
    }
}
