package org.casejourney.standalone.generator;

import org.casejourney.events.FailureCategories;

import java.util.List;
import java.util.Map;
import java.util.Random;

/** What people say and what services record, so generated journeys read like real ones. */
final class Phrases {

    static final Map<String, List<String>> VALUE = Map.of(
            "adult-social-care", List.of("I want to be able to get washed and dressed on my own again",
                    "I want to stay living in my own home", "I need help getting out of bed in the mornings",
                    "I want to get back to doing my own shopping"),
            "housing", List.of("I need somewhere safe to live with my children",
                    "My flat is damp and my son's asthma is getting worse", "I'm worried about being evicted",
                    "I can't manage the stairs to my flat any more"),
            "community-health", List.of("I want my leg ulcer to heal so I can walk to the shops",
                    "I need help managing my medication", "I want to get back to walking the dog",
                    "I want to be able to get to my granddaughter's wedding"),
            "benefits", List.of("I need to pay my rent this month", "I want to know what I'm entitled to now I can't work",
                    "My payments stopped and I don't know why", "I need help filling in the claim form"));

    static final Map<String, List<String>> FAILURE = Map.of(
            FailureCategories.PROGRESS_CHASING, List.of("Where is my assessment? I was told someone would ring last week",
                    "I'm ringing to find out what is happening with my referral", "When will the equipment be delivered?"),
            FailureCategories.REPEAT_CONTACT, List.of("I'm still struggling, same as when I rang before",
                    "It's the same problem again, nothing has changed"),
            FailureCategories.NOT_DONE_RIGHT_FIRST_TIME, List.of("The grab rail was fitted on the wrong side",
                    "The form was processed with the wrong details"),
            FailureCategories.WRONG_INFORMATION, List.of("I was told I'd get a letter but nothing came",
                    "Nobody told me I needed to send proof of address"),
            FailureCategories.NO_RESPONSE, List.of("Nobody called me back", "I emailed twice and heard nothing"),
            FailureCategories.WRONGLY_ROUTED, List.of("I was put through to the wrong team again",
                    "They said it's not their department and gave me this number"),
            FailureCategories.OTHER, List.of("I want to complain about how long this is taking"));

    static final Map<String, List<String>> ASSESSMENT_TYPES = Map.of(
            "adult-social-care", List.of("care-act-needs", "occupational-therapy", "carers"),
            "housing", List.of("housing-needs", "homelessness-prevention"),
            "community-health", List.of("nursing-needs", "falls-risk"),
            "benefits", List.of("financial", "capability-for-work"));

    static final List<String> ASSESSMENT_OUTCOMES = List.of("eligible", "eligible", "needs-identified", "not-eligible", "no-needs");

    static final Map<String, List<String>> ACTIVITIES = Map.of(
            "adult-social-care", List.of("personal-care", "strength-and-balance", "equipment-fitted", "meal-preparation"),
            "housing", List.of("tenancy-advice", "home-adaptation", "temporary-accommodation"),
            "community-health", List.of("wound-care", "medication-review", "physiotherapy"),
            "benefits", List.of("benefit-claim-help", "debt-advice", "payment-reinstated"));

    static final List<String> REFERRAL_REASONS = List.of("needs beyond our remit", "specialist assessment needed",
            "eligibility check", "housing issue identified", "health need identified", "financial hardship");

    static final List<String> HANDOFF_REASONS = List.of("caseload reallocation", "specialist input needed",
            "moved to long-term team", "staff leave", "triage complete");

    private Phrases() {
    }

    static String value(String service, Random random) {
        return pick(random, VALUE.get(service));
    }

    static String failure(String category, Random random) {
        return pick(random, FAILURE.get(category));
    }

    static String pick(Random random, List<String> options) {
        return options.get(random.nextInt(options.size()));
    }
}
