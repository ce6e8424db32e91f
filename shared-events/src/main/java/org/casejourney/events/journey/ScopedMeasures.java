package org.casejourney.events.journey;

import org.casejourney.events.AssessmentCompleted;
import org.casejourney.events.HandoffMade;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.ReferralMade;

import java.util.HashSet;
import java.util.Set;

/**
 * A person's cohort measures counted over only the part of their journey a {@link Scope} covers, read from
 * the fold's own output (its counted events, each in the episode it counted it in, and the episodes' return
 * statuses), so a scoped figure never re-derives what the fold decides. With {@link Scope#EVERYTHING} every
 * figure equals the journey's own.
 */
public record ScopedMeasures(int assessments, int peopleInvolved, int referrals, long totalMinutes, long faceToFaceMinutes,
                             int closedEpisodes, int returned, int notReturned, int pending) {

    public static ScopedMeasures of(Journey journey, Scope scope) {
        int assessments = 0;
        Set<String> practitioners = new HashSet<>();
        Set<String> referrals = new HashSet<>();
        long minutes = 0;
        long faceToFace = 0;
        Set<Integer> episodes = new HashSet<>();
        for (TimelineEntry entry : journey.timeline()) {
            boolean counted = entry.status() == TimelineEntry.Status.ACTIVE || entry.status() == TimelineEntry.Status.CORRECTED;
            PersonEvent event = entry.effective();
            if (!counted || !scope.covers(event)) {
                continue;
            }
            if (entry.episode() != null) {
                episodes.add(entry.episode());
            }
            add(practitioners, event.practitioner());
            if (event instanceof HandoffMade handoff) {
                add(practitioners, handoff.fromPractitioner());
                add(practitioners, handoff.toPractitioner());
            } else if (event instanceof AssessmentCompleted) {
                assessments++;
            } else if (event instanceof ReferralMade referral) {
                referrals.add(referral.referralId());
            }
            if (event.durationMinutes() != null) {
                minutes += event.durationMinutes();
                faceToFace += event.spentFaceToFace() ? event.durationMinutes() : 0;
            }
        }
        int closed = 0;
        int returned = 0;
        int notReturned = 0;
        int pending = 0;
        for (Journey.Episode episode : journey.episodes()) {
            if (episode.closedAt() == null || !episodes.contains(episode.number())
                    || (scope.hasPeriod() && !scope.within(episode.closedAt()))) {
                continue;
            }
            closed++;
            switch (episode.returnStatus()) {
                case RETURNED -> returned++;
                case NOT_RETURNED -> notReturned++;
                case PENDING -> pending++;
            }
        }
        return new ScopedMeasures(assessments, practitioners.size(), referrals.size(), minutes, faceToFace, closed, returned, notReturned,
                pending);
    }

    private static void add(Set<String> set, String value) {
        if (value != null && !value.isBlank()) {
            set.add(value);
        }
    }
}
