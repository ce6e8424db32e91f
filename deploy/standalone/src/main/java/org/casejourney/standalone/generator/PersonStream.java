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
import org.casejourney.standalone.generator.Teams.Team;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.casejourney.standalone.generator.Teams.CATEGORY_WEIGHTED;
import static org.casejourney.standalone.generator.Teams.CHANNELS_WEIGHTED;
import static org.casejourney.standalone.generator.Teams.CLOSURES_WEIGHTED;
import static org.casejourney.standalone.generator.Teams.RESOLUTIONS_WEIGHTED;
import static org.casejourney.standalone.generator.Teams.pick;
import static org.casejourney.standalone.generator.Teams.pickOther;

/** Builds one person's stream, episode by episode, stopping at the end of the window. */
final class PersonStream {

    static final String SOURCE_CONTACT_CENTRE = "contact-centre";

    private final String personId;
    private final Team home;
    private final Random random;
    private final Instant end;
    private final List<PersonEvent> events = new ArrayList<>();
    private final List<String> tags;
    private Instant at;
    private Team team;
    private String practitioner;
    private int referrals;

    PersonStream(String personId, Team home, Random random, Instant start, Instant end) {
        this.personId = personId;
        this.end = end;
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
        if (!walk(plan(redesigned), redesigned) || !advance(redesigned ? 48 : 120)) {
            return null;
        }
        CaseOutcome outcome = pick(random, CLOSURES_WEIGHTED);
        events.add(new CaseClosed(nextId(), at, team.service(), team.name(), team.organisation(), practitioner,
                "case-management", null, null, tags, outcome));
        return outcome;
    }

    /** The episode's steps in order: fewer assessments, referrals and handoffs when redesigned; failure demand at the team's rate. */
    private List<Step> plan(boolean redesigned) {
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
        return steps;
    }

    /** Records the steps, resolving referrals along the way and most of the rest after; false once past the window's end. */
    private boolean walk(List<Step> steps, boolean redesigned) {
        List<Referral> openReferrals = new ArrayList<>();
        for (Step step : steps) {
            if (!advance(redesigned ? 36 : 96)) {
                return false;
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
                    return false;
                }
                resolve(openReferrals.remove(0));
            }
        }
        for (Referral referral : openReferrals) {
            if (random.nextDouble() < 0.9) {
                if (!advance(48)) {
                    return false;
                }
                resolve(referral);
            }
        }
        return true;
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
        Team to = pickOther(random, team);
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
        Team to = random.nextDouble() < 0.5 ? team : pickOther(random, team);
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

    private String nextId() {
        return personId + "-e" + events.size();
    }

    private static <T> void add(List<T> list, T item, int times) {
        for (int i = 0; i < times; i++) {
            list.add(item);
        }
    }

    private record Referral(String referralId, Team to) {
    }

    private enum Step { ASSESSMENT, REFERRAL, HANDOFF, SUPPORT, VALUE_CONTACT, FAILURE_CONTACT }
}
