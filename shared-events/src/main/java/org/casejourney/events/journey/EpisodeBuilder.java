package org.casejourney.events.journey;

import org.casejourney.events.ContactRecorded;
import org.casejourney.events.PersonEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** One episode as the fold builds it: opened by a contact, counting its events, closed by a case closed. */
final class EpisodeBuilder {

    final int number;
    final Instant openedAt;
    Instant closedAt;
    String outcome;
    int contacts;
    int failureContacts;
    Instant returnedAt;
    Instant nextContactAt;
    final Set<String> services = new TreeSet<>();
    final Set<String> teams = new TreeSet<>();
    final Set<String> channels = new LinkedHashSet<>();

    EpisodeBuilder(int number, Instant openedAt) {
        this.number = number;
        this.openedAt = openedAt;
    }

    /** A builder that can go on changing without changing this one. */
    EpisodeBuilder copy() {
        EpisodeBuilder copy = new EpisodeBuilder(number, openedAt);
        copy.closedAt = closedAt;
        copy.outcome = outcome;
        copy.contacts = contacts;
        copy.failureContacts = failureContacts;
        copy.returnedAt = returnedAt;
        copy.nextContactAt = nextContactAt;
        copy.services.addAll(services);
        copy.teams.addAll(teams);
        copy.channels.addAll(channels);
        return copy;
    }

    /** Whether a later event can still change this episode: it is open, or closed with no contact after it yet. */
    boolean mayChange(boolean open) {
        return open || closedAt != null && nextContactAt == null;
    }

    /** An event counted in this episode: its service and team, and a contact's channel. */
    void count(PersonEvent event) {
        JourneyFold.addIfPresent(services, event.service());
        JourneyFold.addIfPresent(teams, event.team());
        if (event instanceof ContactRecorded contact && contact.channel() != null) {
            channels.add(contact.channel().name());
        }
    }

    Journey.Episode build(Instant now, Duration window) {
        Instant windowEnd = closedAt == null ? null : closedAt.plus(window);
        Journey.ReturnStatus status = closedAt == null ? null
                : returnedAt != null ? Journey.ReturnStatus.RETURNED
                : windowEnd.isAfter(now) ? Journey.ReturnStatus.PENDING
                : Journey.ReturnStatus.NOT_RETURNED;
        return new Journey.Episode(number, openedAt, closedAt, outcome, JourneyFold.days(openedAt, closedAt == null ? now : closedAt),
                contacts, failureContacts, returnedAt != null, returnedAt, status, windowEnd, nextContactAt,
                List.copyOf(services), List.copyOf(teams), List.copyOf(channels));
    }

    /**
     * Each closed episode's next contact: the first counted contact strictly after its closure (a
     * contact at the closure's instant is not one); it is a return when no later than the window's end.
     * Episodes that already have their next contact are left as they are, so a fold that goes on with later events
     * ({@link JourneyFold.Tallied#with}) passes only those events: no earlier contact can be after a closure that
     * found none, nor after one that those events make.
     */
    static void markReturns(List<EpisodeBuilder> episodes, List<PersonEvent> counted, Duration window) {
        List<Instant> contactTimes = new ArrayList<>();
        for (PersonEvent event : counted) {
            if (event instanceof ContactRecorded) {
                contactTimes.add(event.occurredAt());
            }
        }
        for (EpisodeBuilder episode : episodes) {
            if (episode.closedAt == null || episode.nextContactAt != null) {
                continue;
            }
            for (Instant t : contactTimes) {
                if (t.isAfter(episode.closedAt)) {
                    episode.nextContactAt = t;
                    break;
                }
            }
            Instant windowEnd = episode.closedAt.plus(window);
            episode.returnedAt = episode.nextContactAt != null && !episode.nextContactAt.isAfter(windowEnd) ? episode.nextContactAt : null;
        }
    }
}
