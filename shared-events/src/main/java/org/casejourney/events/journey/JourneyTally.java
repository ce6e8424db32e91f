package org.casejourney.events.journey;

import org.casejourney.events.AssessmentCompleted;
import org.casejourney.events.CaseClosed;
import org.casejourney.events.ContactRecorded;
import org.casejourney.events.DemandType;
import org.casejourney.events.HandoffMade;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.ReferralMade;
import org.casejourney.events.ReferralOutcome;
import org.casejourney.events.ReferralResolved;
import org.casejourney.events.SupportDelivered;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.casejourney.events.journey.JourneyFold.addIfPresent;
import static org.casejourney.events.journey.JourneyFold.days;

/**
 * The running counts of one fold: {@link JourneyFold} adds the events that count, in the order they
 * happened, then asks for the journey. One per fold, so the per-event loop does what the fold's own loop did, no more.
 */
final class JourneyTally {

    private Map<String, Integer> episodeOf = new HashMap<>();
    private int contacts;
    private int value;
    private int failure;
    private final Map<String, Integer> byCategory = new TreeMap<>();
    private final Set<String> referralsMade = new TreeSet<>();
    private final Map<String, ReferralOutcome> referralOutcomes = new TreeMap<>();
    private int assessments;
    private int handoffs;
    private int support;
    private final Set<String> practitioners = new TreeSet<>();
    private final Set<String> teams = new TreeSet<>();
    private final Set<String> organisations = new TreeSet<>();
    private long minutes;
    private long faceToFaceMinutes;
    private Instant firstContact;
    private Instant lastActivity;
    private final List<EpisodeBuilder> episodes = new ArrayList<>();
    private EpisodeBuilder openEpisode;

    JourneyTally() {
    }

    /**
     * A tally that goes on from this one without changing it, for events that happened no earlier than every event
     * counted so far: the episodes those can change (the open one, closed ones without a next contact) are copied, the
     * others shared; the placements start empty, so only the new events' are found there.
     */
    JourneyTally continued() {
        JourneyTally next = new JourneyTally();
        next.contacts = contacts;
        next.value = value;
        next.failure = failure;
        next.byCategory.putAll(byCategory);
        next.referralsMade.addAll(referralsMade);
        next.referralOutcomes.putAll(referralOutcomes);
        next.assessments = assessments;
        next.handoffs = handoffs;
        next.support = support;
        next.practitioners.addAll(practitioners);
        next.teams.addAll(teams);
        next.organisations.addAll(organisations);
        next.minutes = minutes;
        next.faceToFaceMinutes = faceToFaceMinutes;
        next.firstContact = firstContact;
        next.lastActivity = lastActivity;
        for (EpisodeBuilder episode : episodes) {
            boolean open = episode == openEpisode;
            EpisodeBuilder kept = episode.mayChange(open) ? episode.copy() : episode;
            next.episodes.add(kept);
            if (open) {
                next.openEpisode = kept;
            }
        }
        return next;
    }

    /** When the latest counted event happened: null before any. */
    Instant lastActivity() {
        return lastActivity;
    }

    /** Counts one event that still counts; events come in the order they happened. */
    void add(PersonEvent event) {
        involvementAndTime(event);
        if (event instanceof ContactRecorded contact) {
            contact(contact);
        } else if (event instanceof ReferralMade referral) {
            referralsMade.add(referral.referralId());
            addIfPresent(teams, referral.fromTeam(), referral.toTeam());
            addIfPresent(organisations, referral.fromOrganisation(), referral.toOrganisation());
        } else if (event instanceof ReferralResolved resolved) {
            referralOutcomes.put(resolved.referralId(), resolved.outcome());
        } else if (event instanceof AssessmentCompleted) {
            assessments++;
        } else if (event instanceof SupportDelivered) {
            support++;
        } else if (event instanceof HandoffMade handoff) {
            handoffs++;
            addIfPresent(practitioners, handoff.fromPractitioner(), handoff.toPractitioner());
            addIfPresent(teams, handoff.fromTeam(), handoff.toTeam());
            addIfPresent(organisations, handoff.fromOrganisation(), handoff.toOrganisation());
        } else if (event instanceof CaseClosed closed && openEpisode != null) {
            close(closed);
        }
        if (openEpisode != null) {
            placeInOpenEpisode(event);
        }
    }

    /** Who was involved, the minutes spent, and the latest activity: what every kind of event adds. */
    private void involvementAndTime(PersonEvent event) {
        addIfPresent(practitioners, event.practitioner());
        addIfPresent(teams, event.team());
        addIfPresent(organisations, event.organisation());
        if (event.durationMinutes() != null) {
            minutes += event.durationMinutes();
            if (event.spentFaceToFace()) {
                faceToFaceMinutes += event.durationMinutes();
            }
        }
        lastActivity = event.occurredAt();
    }

    /** A contact counts by demand type and opens an episode when none is open. */
    private void contact(ContactRecorded contact) {
        contacts++;
        boolean isFailure = contact.demandType() == DemandType.FAILURE;
        if (isFailure) {
            failure++;
            byCategory.merge(Objects.requireNonNullElse(contact.failureCategory(), "OTHER"), 1, Integer::sum);
        } else {
            value++;
        }
        if (firstContact == null) {
            firstContact = contact.occurredAt();
        }
        if (openEpisode == null) {
            openEpisode = new EpisodeBuilder(episodes.size() + 1, contact.occurredAt());
            episodes.add(openEpisode);
        }
        openEpisode.contacts++;
        if (isFailure) {
            openEpisode.failureContacts++;
        }
    }

    /** A closure belongs to the episode it closes; nothing after it does. */
    private void close(CaseClosed closed) {
        placeInOpenEpisode(closed);
        openEpisode.closedAt = closed.occurredAt();
        openEpisode.outcome = closed.outcome().name();
        openEpisode = null;
    }

    private void placeInOpenEpisode(PersonEvent event) {
        openEpisode.count(event);
        episodeOf.put(event.eventId(), openEpisode.number);
    }

    /** The episode each counted event was placed in, by event id; events outside every episode are absent. */
    Map<String, Integer> episodeOf() {
        return episodeOf;
    }

    /** Lets go of the placements once the timeline holds them: a kept tally would otherwise hold an entry per event. */
    void placed() {
        episodeOf = Map.of();
    }

    /** Marks each closed episode's next contact and return, once all counted events are added. */
    void markReturns(List<PersonEvent> counted, Duration returnWindow) {
        EpisodeBuilder.markReturns(episodes, counted, returnWindow);
    }

    /** The journey at {@code now}, after {@link #markReturns}; reads the tally and changes nothing. */
    Journey journey(String personId, Instant now, Duration returnWindow, List<TimelineEntry> placed) {
        boolean open = openEpisode != null;
        List<Journey.Episode> built = new ArrayList<>(episodes.size());
        for (EpisodeBuilder e : episodes) {
            built.add(e.build(now, returnWindow));
        }
        Instant journeyEnd = open || episodes.isEmpty() ? now : episodes.get(episodes.size() - 1).closedAt;
        return new Journey(
                personId,
                now,
                placed.size(),
                new Journey.Contacts(contacts, value, failure, byCategory),
                referrals(),
                assessments,
                handoffs,
                support,
                new Journey.Involved(practitioners.size(), teams.size(), organisations.size(),
                        List.copyOf(practitioners), List.copyOf(teams), List.copyOf(organisations)),
                minutes,
                faceToFaceMinutes,
                minutes / 60.0,
                minutes == 0 ? null : (double) faceToFaceMinutes / minutes,
                firstContact,
                lastActivity,
                firstContact == null ? null : days(firstContact, journeyEnd),
                open,
                episodes.stream().anyMatch(e -> e.returnedAt != null),
                Journey.Returns.of((int) returnWindow.toDays(), built),
                built,
                placed);
    }

    private Journey.Referrals referrals() {
        // only referrals still made count: a resolution outlives the retraction of its referral
        List<ReferralOutcome> outcomes = referralsMade.stream().map(referralOutcomes::get).toList();
        int made = outcomes.size();
        int accepted = (int) outcomes.stream().filter(o -> o == ReferralOutcome.ACCEPTED).count();
        int declined = (int) outcomes.stream()
                .filter(o -> o == ReferralOutcome.DECLINED || o == ReferralOutcome.WITHDRAWN).count();
        int openReferrals = (int) outcomes.stream().filter(Objects::isNull).count();
        return new Journey.Referrals(made, accepted, declined, openReferrals);
    }
}
