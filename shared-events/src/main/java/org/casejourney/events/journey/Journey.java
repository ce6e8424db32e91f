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
        Returns returns,
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
     * {@code returnStatus} (null while open): returned, not returned once the window has elapsed at
     * the as-of instant, pending before. {@code nextContactAt}: the first counted contact after the
     * closure, however late, so a return under another window is read from it without a second fold.
     * {@code services} and {@code teams}: of the events counted in it (sorted); {@code channels}: of its
     * contacts, in the order they came.
     */
    public record Episode(int number, Instant openedAt, Instant closedAt, String outcome, Double endToEndDays,
                          int contacts, int failureContacts, boolean returned, Instant returnedAt,
                          ReturnStatus returnStatus, Instant returnWindowEndsAt, Instant nextContactAt,
                          List<String> services, List<String> teams, List<String> channels) {
    }

    /** What became of a closed episode's return window at the as-of instant (domain.md, "returned"). */
    public enum ReturnStatus {
        /** A contact arrived within the window after the closure. */
        RETURNED,
        /** The window elapsed at or before the as-of instant with no contact in it. */
        NOT_RETURNED,
        /** The window is still open at the as-of instant and no contact has come yet: censored, in no rate. */
        PENDING
    }

    /**
     * The person's closed episodes by return status; {@code rate} is returned / (returned + notReturned),
     * null when no closed episode's window has elapsed. Pending episodes are in no rate.
     */
    public record Returns(int windowDays, int returned, int notReturned, int pending, Double rate) {

        public static Returns of(int windowDays, List<Episode> episodes) {
            int returned = 0;
            int notReturned = 0;
            int pending = 0;
            for (Episode e : episodes) {
                if (e.returnStatus() == ReturnStatus.RETURNED) {
                    returned++;
                } else if (e.returnStatus() == ReturnStatus.NOT_RETURNED) {
                    notReturned++;
                } else if (e.returnStatus() == ReturnStatus.PENDING) {
                    pending++;
                }
            }
            return new Returns(windowDays, returned, notReturned, pending,
                    returned + notReturned == 0 ? null : (double) returned / (returned + notReturned));
        }
    }
}
