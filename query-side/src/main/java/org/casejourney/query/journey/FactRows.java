package org.casejourney.query.journey;

import org.casejourney.events.ContactRecorded;
import org.casejourney.events.DemandType;
import org.casejourney.events.FailureCategories;
import org.casejourney.events.HandoffMade;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.ReferralMade;
import org.casejourney.events.ReferralResolved;
import org.casejourney.events.journey.Journey;
import org.casejourney.events.journey.TimelineEntry;
import org.casejourney.query.journey.FactInserts.TextArray;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** One person's fact rows, as {@link PersonFacts} writes them, derived from their folded journey alone. */
record FactRows(List<Object[]> contacts, List<DailyKey> contactKeys, List<Object[]> referrals,
                List<Object[]> handoffs, List<Object[]> episodes, Object[] person) {

    /** The rows of a journey: every measure comes from the fold (the journey and its timeline's effective events). */
    static FactRows of(Journey journey) {
        // The events that count, in the order the fold reads them.
        List<TimelineEntry> counted = journey.timeline().stream()
                .filter(e -> e.status() == TimelineEntry.Status.ACTIVE || e.status() == TimelineEntry.Status.CORRECTED)
                .sorted(Comparator.comparing((TimelineEntry e) -> e.effective().occurredAt()).thenComparingLong(TimelineEntry::sequence))
                .toList();
        Reading reading = new Reading(journey.personId());
        for (TimelineEntry entry : counted) {
            reading.add(entry);
        }
        return new FactRows(reading.contacts, reading.keys, reading.referrals(), reading.handoffs, episodes(journey),
                person(journey, reading));
    }

    /**
     * What a fold that went on ({@code JourneyFold.Tallied#with}) with the timeline's last {@code appended} entries adds to
     * {@code before}, the rows of the fold it went on from: those entries' contact and handoff rows, every episode row and
     * the person row. This is what {@link #addedTo} finds, without deriving the earlier rows again: the entries all count
     * as recorded and happened no earlier than any before them, so no earlier row changes and theirs come last. Null
     * when {@code appended} is null, or when an entry is a referral or its resolution (a resolution may belong to an
     * earlier row, and a referral's row to an earlier resolution): then the rows are derived whole.
     */
    static FactRows goneOn(FactRows before, Journey journey, Integer appended) {
        if (appended == null) {
            return null;
        }
        List<TimelineEntry> timeline = journey.timeline();
        List<TimelineEntry> added = new ArrayList<>(timeline.subList(timeline.size() - appended, timeline.size()));
        added.sort(Comparator.comparing((TimelineEntry e) -> e.effective().occurredAt()).thenComparingLong(TimelineEntry::sequence));
        Reading reading = new Reading(journey.personId(), before.person);
        for (TimelineEntry entry : added) {
            if (entry.status() != TimelineEntry.Status.ACTIVE || entry.effective() instanceof ReferralMade
                    || entry.effective() instanceof ReferralResolved) {
                return null;
            }
            reading.add(entry);
        }
        return new FactRows(reading.contacts, reading.keys, List.of(), reading.handoffs, episodes(journey), person(journey, reading));
    }

    /**
     * What these rows add to {@code before}'s, when each of its contact, referral and handoff rows is still among these,
     * unchanged (as often as it was there): the added rows of those three, and every episode and the person row; null
     * when a row of {@code before} changed or went. Events that arrive out of their time order add rows in the middle
     * of the lists; as long as no earlier row changes (its episode, say), only the new rows are written.
     */
    FactRows addedTo(FactRows before) {
        int[] newContacts = added(contacts, before.contacts);
        int[] newReferrals = added(referrals, before.referrals);
        int[] newHandoffs = added(handoffs, before.handoffs);
        if (newContacts == null || newReferrals == null || newHandoffs == null) {
            return null;
        }
        return new FactRows(pick(contacts, newContacts), pick(contactKeys, newContacts), pick(referrals, newReferrals),
                pick(handoffs, newHandoffs), episodes, person);
    }

    /**
     * These rows followed by {@code added}'s contact, referral and handoff rows, with {@code added}'s episode and person
     * rows: what a person's rows are once the rows {@link #addedTo} gave were inserted. The lists share these rows'
     * arrays, so keeping the result for the next batch keeps only the added rows new (docs/performance.md).
     */
    FactRows with(FactRows added) {
        return new FactRows(concat(contacts, added.contacts), concat(contactKeys, added.contactKeys), concat(referrals, added.referrals),
                concat(handoffs, added.handoffs), added.episodes, added.person);
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> both = new ArrayList<>(first.size() + second.size());
        both.addAll(first);
        both.addAll(second);
        return both;
    }

    /** The indexes of the rows not among {@code before}'s, or null when a row of {@code before} is not among them. */
    private static int[] added(List<Object[]> rows, List<Object[]> before) {
        if (before.size() > rows.size()) {
            return null;
        }
        int same = 0;
        while (same < before.size() && Arrays.equals(rows.get(same), before.get(same))) {
            same++;
        }
        int[] added = new int[rows.size() - before.size()];
        int found = 0;
        if (same < before.size()) {
            // out of time order: match the rest as a multiset of rows
            Map<List<Object>, Integer> left = new HashMap<>();
            for (int i = same; i < before.size(); i++) {
                left.merge(Arrays.asList(before.get(i)), 1, Integer::sum);
            }
            for (int i = same; i < rows.size(); i++) {
                List<Object> row = Arrays.asList(rows.get(i));
                Integer count = left.get(row);
                if (count == null) {
                    if (found == added.length) {
                        return null;
                    }
                    added[found++] = i;
                } else if (count == 1) {
                    left.remove(row);
                } else {
                    left.put(row, count - 1);
                }
            }
            return left.isEmpty() ? added : null;
        }
        for (int i = same; i < rows.size(); i++) {
            added[found++] = i;
        }
        return added;
    }

    private static <T> List<T> pick(List<T> rows, int[] indexes) {
        List<T> picked = new ArrayList<>(indexes.length);
        for (int i : indexes) {
            picked.add(rows.get(i));
        }
        return picked;
    }

    /** The rows the counted events give one by one, and what the person row gathers from them. */
    private static final class Reading {

        private final String personId;
        private final Set<String> teams = new TreeSet<>();
        private final Set<String> services = new TreeSet<>();
        private final Set<String> tags = new TreeSet<>();
        private final Map<String, String> referralOutcomes = new HashMap<>();
        private final Map<String, ReferralMade> referralsById = new LinkedHashMap<>();
        private final Map<String, Integer> referralEpisodes = new HashMap<>();
        private final List<Object[]> contacts = new ArrayList<>();
        private final List<DailyKey> keys = new ArrayList<>();
        private final List<Object[]> handoffs = new ArrayList<>();

        Reading(String personId) {
            this.personId = personId;
        }

        /** Going on from a person row's teams, services and tags: the rows of later entries only. */
        Reading(String personId, Object[] personBefore) {
            this(personId);
            teams.addAll(((TextArray) personBefore[2]).values());
            services.addAll(((TextArray) personBefore[3]).values());
            tags.addAll(((TextArray) personBefore[4]).values());
        }

        void add(TimelineEntry entry) {
            PersonEvent event = entry.effective();
            Integer episode = entry.episode(); // as the fold counted it: rows never re-derive membership from time
            addIfPresent(teams, event.team());
            addIfPresent(services, event.service());
            if (event.tags() != null) {
                event.tags().forEach(tag -> addIfPresent(tags, tag));
            }
            if (event instanceof ContactRecorded contact) {
                contact(contact, episode);
            } else if (event instanceof ReferralMade referral) {
                if (referralsById.putIfAbsent(referral.referralId(), referral) == null) {
                    referralEpisodes.put(referral.referralId(), episode);
                }
            } else if (event instanceof ReferralResolved resolved) {
                referralOutcomes.put(resolved.referralId(), resolved.outcome().name());
            } else if (event instanceof HandoffMade handoff) {
                handoff(handoff, episode);
            }
        }

        private void contact(ContactRecorded contact, Integer episode) {
            boolean failure = contact.demandType() == DemandType.FAILURE;
            String category = failure ? Objects.requireNonNullElse(contact.failureCategory(), FailureCategories.OTHER) : null;
            LocalDate day = LocalDate.ofInstant(contact.occurredAt(), ZoneOffset.UTC);
            contacts.add(new Object[]{personId, contact.eventId(), ts(contact.occurredAt()), day, contact.service(), contact.team(),
                    contact.organisation(), contact.practitioner(), contact.channel().name(), contact.demandType().name(), category,
                    episode, contact.durationMinutes(), contact.spentFaceToFace()});
            keys.add(new DailyKey(day, contact.service(), contact.team(), contact.channel().name(), category));
        }

        private void handoff(HandoffMade handoff, Integer episode) {
            String fromTeam = firstPresent(handoff.fromTeam(), handoff.team());
            String fromOrganisation = firstPresent(handoff.fromOrganisation(), handoff.organisation());
            handoffs.add(new Object[]{personId, handoff.eventId(), ts(handoff.occurredAt()), handoff.service(), handoff.team(),
                    handoff.organisation(), handoff.fromPractitioner(), handoff.toPractitioner(), fromTeam,
                    firstPresent(handoff.toTeam(), fromTeam), fromOrganisation, firstPresent(handoff.toOrganisation(), fromOrganisation),
                    episode});
        }

        /** One row per referral still made, with its outcome when resolved. */
        List<Object[]> referrals() {
            return referralsById.values().stream().map(r -> new Object[]{personId, r.eventId(), r.referralId(),
                    ts(r.occurredAt()), r.service(), r.team(), r.organisation(), firstPresent(r.fromTeam(), r.team()), r.toTeam(),
                    firstPresent(r.fromOrganisation(), r.organisation()), blankToNull(r.toOrganisation()),
                    referralOutcomes.get(r.referralId()), referralEpisodes.get(r.referralId())}).toList();
        }
    }

    private static List<Object[]> episodes(Journey journey) {
        String personId = journey.personId();
        return journey.episodes().stream().map(e -> {
            return new Object[]{personId, e.number(), ts(e.openedAt()), ts(e.closedAt()), e.outcome(),
                    e.closedAt() == null ? null : e.endToEndDays(), e.contacts(), e.failureContacts(), e.returned(), ts(e.returnedAt()),
                    new TextArray(e.services()), new TextArray(e.teams()), new TextArray(e.channels()), ts(e.nextContactAt()),
                    ts(e.returnWindowEndsAt())};
        }).toList();
    }

    private static Object[] person(Journey journey, Reading reading) {
        List<Journey.Episode> episodeList = journey.episodes();
        int closed = (int) episodeList.stream().filter(e -> e.closedAt() != null).count();
        int returned = (int) episodeList.stream().filter(Journey.Episode::returned).count();
        return new Object[]{journey.personId(), ts(journey.firstContact()), new TextArray(reading.teams), new TextArray(reading.services),
                new TextArray(reading.tags), journey.assessments(), journey.involved().people(), journey.referrals().made(),
                journey.totalMinutes(), journey.faceToFaceMinutes(), journey.faceToFaceShare(), episodeList.size(), closed, returned};
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static void addIfPresent(Set<String> set, String value) {
        if (value != null && !value.isBlank()) {
            set.add(value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String firstPresent(String first, String second) {
        return first != null && !first.isBlank() ? first : blankToNull(second);
    }
}
