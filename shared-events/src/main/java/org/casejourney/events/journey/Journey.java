package org.casejourney.events.journey;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One person's end-to-end journey: every per-person measure of the domain, as the events stood at
 * {@code asOf}. Built only by {@link JourneyFold}, so the command side's "as of" view and the query
 * side's live view cannot disagree.
 */
public record Journey(
        String personId,
        Instant asOf,
        int eventsRecorded,
        Contacts contacts,
        Referrals referrals,
        int assessments,
        int handoffs,
        int supportDelivered,
        Involved involved,
        long totalMinutes,
        long faceToFaceMinutes,
        double totalHours,
        Double faceToFaceShare,
        Instant firstContact,
        Instant lastActivity,
        Double endToEndDays,
        boolean open,
        boolean returned,
        List<Episode> episodes,
        List<TimelineEntry> timeline) {

    public record Contacts(int total, int value, int failure, Map<String, Integer> failureByCategory) {
    }

    /** {@code open}: made and not yet resolved; {@code declinedOrWithdrawn}: resolved other than accepted. */
    public record Referrals(int made, int accepted, int declinedOrWithdrawn, int open) {
    }

    /** {@code people}: distinct practitioners named on any event, handoffs' from and to included. */
    public record Involved(int people, int teams, int organisations,
                           List<String> practitioners, List<String> teamNames, List<String> organisationNames) {
    }

    /**
     * From the first contact after the stream starts or after a closure, up to and including the
     * next closure. {@code returned}: a contact arrived within the return window after it closed.
     */
    public record Episode(int number, Instant openedAt, Instant closedAt, String outcome, Double endToEndDays,
                          int contacts, int failureContacts, boolean returned, Instant returnedAt) {
    }
}
