package org.casejourney.standalone.generator;

import org.casejourney.events.AssessmentCompleted;
import org.casejourney.events.CaseClosed;
import org.casejourney.events.CaseOutcome;
import org.casejourney.events.Channel;
import org.casejourney.events.ContactRecorded;
import org.casejourney.events.DemandType;
import org.casejourney.events.FailureCategories;
import org.casejourney.events.HandoffMade;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.ReferralMade;
import org.casejourney.events.ReferralOutcome;
import org.casejourney.events.ReferralResolved;
import org.casejourney.events.SupportDelivered;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Synthetic but plausible journeys: people arrive at one of several services, are assessed,
 * referred, handed on, supported, chase progress, get closed and some come back. One team,
 * {@code reablement-north}, works redesigned (one practitioner end to end, fewer assessments,
 * referrals and handoffs, more face-to-face time, little failure demand, few returns); the rest
 * work as usual, with failure demand of 40-80% in the worst services.
 *
 * <p>Each person is generated from the seed and the person's index alone, so a person's events
 * (ids included) are the same on every run with the same seed and end: a rerun is a retry.
 */
public final class JourneyGenerator {

    public static final String REDESIGNED_TEAM = "reablement-north";
    static final String SOURCE_CONTACT_CENTRE = "contact-centre";

    /** One generated person and their whole stream, in order. */
    public record Person(String personId, boolean redesigned, List<PersonEvent> events) {
    }

    record Team(String service, String organisation, String name, boolean redesigned, double failureRate, int weight) {
    }

    static final List<Team> TEAMS = List.of(
            new Team("adult-social-care", "county-council", REDESIGNED_TEAM, true, 0.12, 12),
            new Team("adult-social-care", "county-council", "reablement-south", false, 0.55, 12),
            new Team("adult-social-care", "county-council", "adult-duty-team", false, 0.62, 10),
            new Team("adult-social-care", "county-council", "long-term-support", false, 0.50, 8),
            new Team("housing", "district-council", "housing-options", false, 0.68, 14),
            new Team("housing", "district-council", "tenancy-support", false, 0.55, 8),
            new Team("community-health", "community-health-trust", "district-nursing", false, 0.35, 12),
            new Team("community-health", "community-health-trust", "therapy-team", false, 0.30, 6),
            new Team("benefits", "benefits-agency", "benefits-contact-centre", false, 0.78, 12),
            new Team("benefits", "benefits-agency", "benefits-processing", false, 0.70, 6));

    private static final List<String> CATEGORY_WEIGHTED = weighted(
            FailureCategories.PROGRESS_CHASING, 30, FailureCategories.REPEAT_CONTACT, 18, FailureCategories.NO_RESPONSE, 15,
            FailureCategories.WRONGLY_ROUTED, 12, FailureCategories.WRONG_INFORMATION, 10,
            FailureCategories.NOT_DONE_RIGHT_FIRST_TIME, 10, FailureCategories.OTHER, 5);
    private static final List<Team> TEAMS_WEIGHTED = TEAMS.stream()
            .flatMap(t -> Collections.nCopies(t.weight(), t).stream()).toList();
    private static final List<Channel> CHANNELS_WEIGHTED = weighted(Channel.PHONE, 50, Channel.ONLINE, 15, Channel.EMAIL, 10,
            Channel.LETTER, 5, Channel.FACE_TO_FACE, 12, Channel.HOME_VISIT, 8);
    private static final List<CaseOutcome> CLOSURES_WEIGHTED = weighted(CaseOutcome.NEEDS_MET, 60, CaseOutcome.NO_FURTHER_ACTION, 15,
            CaseOutcome.TRANSFERRED_OUT, 8, CaseOutcome.PERSON_DECLINED, 8, CaseOutcome.OTHER, 5, CaseOutcome.PERSON_DIED, 4);
    private static final List<ReferralOutcome> RESOLUTIONS_WEIGHTED = weighted(ReferralOutcome.ACCEPTED, 70,
            ReferralOutcome.DECLINED, 20, ReferralOutcome.WITHDRAWN, 10);

    private final String prefix;
    private final long seed;
    private final Instant end;
    private final Duration window;

    /**
     * @param prefix starts every person id, so separate runs (benchmarks) never share people
     * @param end    the latest moment an event may happen; activity is spread over {@code days} before it
     */
    public JourneyGenerator(String prefix, long seed, Instant end, int days) {
        this.prefix = prefix;
        this.seed = seed;
        this.end = end.truncatedTo(ChronoUnit.SECONDS);
        this.window = Duration.ofDays(days);
    }

    /** The default prefix: the seed is part of every id, so runs with different seeds add people. */
    public static String defaultPrefix(long seed) {
        return "gen" + seed;
    }

    public Person person(int index) {
        Random random = new Random(seed * 1_000_003L + index);
        String personId = prefix + "-" + String.format("%06d", index);
        Team home = pick(random, TEAMS_WEIGHTED);
        Instant start = end.minusSeconds((long) (random.nextDouble() * window.toSeconds()));
        return new Person(personId, home.redesigned(), new Stream(personId, home, random, start).build());
    }

    /** Builds one person's stream, episode by episode, stopping at the end of the window. */
    private final class Stream {

        private final String personId;
        private final Team home;
        private final Random random;
        private final List<PersonEvent> events = new ArrayList<>();
        private final List<String> tags;
        private Instant at;
        private Team team;
        private String practitioner;
        private int referrals;

        Stream(String personId, Team home, Random random, Instant start) {
            this.personId = personId;
            this.home = home;
            this.random = random;
            this.at = start;
            this.tags = List.of("synthetic", home.redesigned() ? "redesign" : "business-as-usual");
        }

        List<PersonEvent> build() {
            boolean returning = false;
            for (int episode = 0; episode < 4; episode++) {
                CaseOutcome closed = episode(returning);
                if (closed == null || closed == CaseOutcome.PERSON_DIED) {
                    break;
                }
                double returnChance = home.redesigned() ? 0.05 : 0.35;
                if (random.nextDouble() < returnChance) {
                    at = at.plus(Duration.ofHours(24 * 3 + random.nextInt(24 * 85)));
                    returning = true;
                } else if (random.nextDouble() < 0.12) {
                    at = at.plus(Duration.ofDays(120 + random.nextInt(180)));
                    returning = false;
                } else {
                    break;
                }
                if (at.isAfter(end)) {
                    break;
                }
            }
            return events;
        }

        /** @return how the episode closed, or null when the window ended while it was open */
        private CaseOutcome episode(boolean returning) {
            team = home;
            practitioner = practitioner(team);
            boolean redesigned = home.redesigned();
            if (!contact(returning && random.nextDouble() < 0.6 ? FailureCategories.REPEAT_CONTACT : null)) {
                return null;
            }
            List<Step> steps = new ArrayList<>();
            add(steps, Step.ASSESSMENT, redesigned ? (random.nextDouble() < 0.6 ? 1 : 0) : 1 + random.nextInt(3));
            add(steps, Step.REFERRAL, redesigned ? (random.nextDouble() < 0.25 ? 2 : 1) : 1 + random.nextInt(3));
            add(steps, Step.HANDOFF, redesigned ? (random.nextDouble() < 0.3 ? 1 : 0) : 1 + random.nextInt(3));
            add(steps, Step.SUPPORT, redesigned ? 2 + random.nextInt(4) : 1 + random.nextInt(3));
            add(steps, Step.VALUE_CONTACT, random.nextInt(2));
            Collections.shuffle(steps, random);
            int valueContacts = 1 + Collections.frequency(steps, Step.VALUE_CONTACT);
            double rate = team.failureRate();
            int failures = (int) Math.round(valueContacts * rate / (1 - rate) * (0.6 + 0.8 * random.nextDouble()));
            for (int i = 0; i < failures; i++) {
                steps.add(random.nextInt(steps.size() + 1), Step.FAILURE_CONTACT);
            }

            List<Referral> openReferrals = new ArrayList<>();
            for (Step step : steps) {
                if (!advance(redesigned ? 36 : 96)) {
                    return null;
                }
                switch (step) {
                    case ASSESSMENT -> assessment(redesigned);
                    case REFERRAL -> openReferrals.add(referral());
                    case HANDOFF -> handoff();
                    case SUPPORT -> support(redesigned);
                    case VALUE_CONTACT -> contact(null);
                    case FAILURE_CONTACT -> contact(pick(random, CATEGORY_WEIGHTED));
                }
                if (!openReferrals.isEmpty() && random.nextDouble() < 0.5) {
                    if (!advance(48)) {
                        return null;
                    }
                    resolve(openReferrals.remove(0));
                }
            }
            for (Referral referral : openReferrals) {
                if (random.nextDouble() < 0.9) {
                    if (!advance(48)) {
                        return null;
                    }
                    resolve(referral);
                }
            }
            if (!advance(redesigned ? 48 : 120)) {
                return null;
            }
            CaseOutcome outcome = pick(random, CLOSURES_WEIGHTED);
            events.add(new CaseClosed(nextId(), at, team.service(), team.name(), team.organisation(), practitioner,
                    "case-management", null, null, tags, outcome));
            return outcome;
        }

        /** Moves the clock on by a random gap of about {@code meanHours}; false once past the window's end. */
        private boolean advance(int meanHours) {
            long minutes = 5 + (long) (-Math.log(1 - random.nextDouble()) * meanHours * 60);
            at = at.plus(Duration.ofMinutes(minutes));
            return !at.isAfter(end);
        }

        private boolean contact(String failureCategory) {
            if (at.isAfter(end)) {
                return false;
            }
            Channel channel = pick(random, CHANNELS_WEIGHTED);
            int minutes = switch (channel) {
                case PHONE -> 5 + random.nextInt(21);
                case FACE_TO_FACE -> 20 + random.nextInt(41);
                case HOME_VISIT -> 30 + random.nextInt(61);
                default -> 5 + random.nextInt(11);
            };
            boolean failure = failureCategory != null;
            events.add(new ContactRecorded(nextId(), at, team.service(), team.name(), team.organisation(), practitioner,
                    SOURCE_CONTACT_CENTRE, null, null, tags, channel, failure ? DemandType.FAILURE : DemandType.VALUE,
                    failureCategory, failure ? Phrases.failure(failureCategory, random) : Phrases.value(team.service(), random),
                    minutes, channel.isFaceToFace()));
            return true;
        }

        private void assessment(boolean redesigned) {
            events.add(new AssessmentCompleted(nextId(), at, team.service(), team.name(), team.organisation(), practitioner,
                    "case-management", null, null, tags, Phrases.pick(random, Phrases.ASSESSMENT_TYPES.get(team.service())),
                    Phrases.pick(random, Phrases.ASSESSMENT_OUTCOMES), redesigned ? 60 + random.nextInt(61) : 45 + random.nextInt(136),
                    random.nextDouble() < (redesigned ? 0.8 : 0.5)));
        }

        private Referral referral() {
            Team to = pickOther(team);
            String referralId = personId + "-r" + (++referrals);
            events.add(new ReferralMade(nextId(), at, team.service(), team.name(), team.organisation(), practitioner,
                    "case-management", null, null, tags, referralId, team.name(), to.name(), team.organisation(), to.organisation(),
                    Phrases.pick(random, Phrases.REFERRAL_REASONS)));
            return new Referral(referralId, to);
        }

        /** The receiving team answers a referral, so its practitioner joins the people involved. */
        private void resolve(Referral referral) {
            ReferralOutcome outcome = pick(random, RESOLUTIONS_WEIGHTED);
            Team to = referral.to();
            events.add(new ReferralResolved(nextId(), at, to.service(), to.name(), to.organisation(), practitioner(to),
                    "case-management", null, null, tags, referral.referralId(), outcome));
        }

        private void handoff() {
            Team to = random.nextDouble() < 0.5 ? team : pickOther(team);
            String next = practitioner(to);
            events.add(new HandoffMade(nextId(), at, team.service(), team.name(), team.organisation(), practitioner,
                    "case-management", null, null, tags, practitioner, team.name(), team.organisation(), next, to.name(),
                    to.organisation(), Phrases.pick(random, Phrases.HANDOFF_REASONS)));
            team = to;
            practitioner = next;
        }

        private void support(boolean redesigned) {
            events.add(new SupportDelivered(nextId(), at, team.service(), team.name(), team.organisation(), practitioner,
                    "case-management", null, null, tags, Phrases.pick(random, Phrases.ACTIVITIES.get(team.service())),
                    30 + random.nextInt(211), random.nextDouble() < (redesigned ? 0.65 : 0.45)));
        }

        private String practitioner(Team of) {
            return of.name() + "-" + String.format("%02d", 1 + random.nextInt(of.redesigned() ? 4 : 12));
        }

        private Team pickOther(Team not) {
            Team other;
            do {
                other = pick(random, TEAMS_WEIGHTED);
            } while (other.equals(not) || other.redesigned());
            return other;
        }

        private String nextId() {
            return personId + "-e" + events.size();
        }

        private static <T> void add(List<T> list, T item, int times) {
            for (int i = 0; i < times; i++) {
                list.add(item);
            }
        }
    }

    private record Referral(String referralId, Team to) {
    }

    private enum Step { ASSESSMENT, REFERRAL, HANDOFF, SUPPORT, VALUE_CONTACT, FAILURE_CONTACT }

    private static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
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
