package org.casejourney.command.person;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.SourceId;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.casejourney.command.platform.CommittedSnapshots;
import org.casejourney.events.EventCorrected;
import org.casejourney.events.EventJson;
import org.casejourney.events.EventRetracted;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.PersonalDataErased;
import org.casejourney.events.ReferralMade;
import org.casejourney.events.ReferralResolved;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One person's stream: decides whether an event may join it. It remembers only what its rules
 * need (event ids, their kinds, referral ids), never the events' content.
 */
@Aggregate(cache = "personCache", commandTargetResolver = PersonCommandTarget.BEAN)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class PersonJourney {

    /** Metadata keys the service adds to every stored event. */
    public static final String RECORDED_AT = "recordedAt";
    public static final String RECORDED_BY = "recordedBy";
    public static final String CONTENT_HASH = "contentHash";
    public static final String HASH = "hash";
    public static final String PREVIOUS_HASH = "previousHash";

    @AggregateIdentifier
    private String personId;
    private long lastSequence = -1;
    private String lastHash = StreamHash.GENESIS;
    private Map<String, Entry> entries = new HashMap<>();
    private Set<String> referralIds = new HashSet<>();
    /** The sequence of this stream's newest snapshot (-1 for none known); bookkeeping, not a fact of the stream. */
    private long snapshotAt = -1;

    /** What the rules remember of each event on the stream. */
    record Entry(long sequence, String type, String contentHash, Instant recordedAt, boolean amendment, boolean retracted) {
    }

    protected PersonJourney() {
        // for Axon and snapshot deserialisation
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public List<Decision> handle(RecordEvents command, CommittedSnapshots snapshots) {
        if (personId == null) {
            // a new stream: Axon needs the identifier before the first event is applied
            personId = command.personId();
        }
        List<Decision> decisions = new ArrayList<>(command.submissions().size());
        for (RecordEvents.Submission submission : command.submissions()) {
            decisions.add(decide(submission, command));
        }
        if (snapshots.due(lastSequence, snapshotAt)) {
            snapshotAt = lastSequence;
            // a copy: the snapshot may be written after this person's lock is released, when another command may change them
            snapshots.takeAfterCommit(getClass().getSimpleName(), personId, lastSequence, copy());
        }
        return decisions;
    }

    /** The state as it stands, sharing nothing that changes: entries are immutable, the collections are copied. */
    PersonJourney copy() {
        PersonJourney copy = new PersonJourney();
        copy.personId = personId;
        copy.lastSequence = lastSequence;
        copy.lastHash = lastHash;
        copy.entries = new HashMap<>(entries);
        copy.referralIds = new HashSet<>(referralIds);
        copy.snapshotAt = snapshotAt;
        return copy;
    }

    private Decision decide(RecordEvents.Submission submission, RecordEvents command) {
        PersonEvent event = submission.event();
        Entry existing = entries.get(event.eventId());
        if (existing != null) {
            return existing.contentHash().equals(submission.contentHash())
                    ? new Decision.Recorded(existing.sequence(), existing.recordedAt(), true)
                    : new Decision.Conflict(event.eventId());
        }
        Decision.Refused refused = checkAgainstStream(event);
        if (refused != null) {
            return refused;
        }
        long sequence = lastSequence + 1;
        String hash = StreamHash.of(lastHash, personId, sequence, command.recordedAt(), submission.recordedBy(), event);
        // one map, not a copy per entry as MetaData.and makes
        Map<String, Object> metaData = new HashMap<>(8);
        metaData.put(RECORDED_AT, command.recordedAt().toString());
        metaData.put(RECORDED_BY, submission.recordedBy());
        metaData.put(CONTENT_HASH, submission.contentHash());
        metaData.put(PREVIOUS_HASH, lastHash);
        metaData.put(HASH, hash);
        apply(event, MetaData.from(metaData));
        return new Decision.Recorded(lastSequence, command.recordedAt(), false);
    }

    private Decision.Refused checkAgainstStream(PersonEvent event) {
        if (event instanceof EventCorrected c) {
            return checkAmendable(c.correctsEventId(), "corrected");
        } else if (event instanceof EventRetracted r) {
            return checkAmendable(r.correctsEventId(), "retracted");
        } else if (event instanceof ReferralMade m && referralIds.contains(m.referralId())) {
            return new Decision.Refused("referralId", "referral '" + m.referralId() + "' was already made on this person's stream; use a new referralId");
        } else if (event instanceof ReferralResolved r && !referralIds.contains(r.referralId())) {
            return new Decision.Refused("referralId", "no referral '" + r.referralId() + "' was made on this person's stream");
        }
        return null;
    }

    private Decision.Refused checkAmendable(String targetId, String verb) {
        Entry target = entries.get(targetId);
        if (target == null) {
            return new Decision.Refused("correctsEventId", "no event '" + targetId + "' is on this person's stream");
        }
        if (target.amendment()) {
            return new Decision.Refused("correctsEventId", "event '" + targetId + "' is itself a " + target.type() + "; only recorded facts can be " + verb);
        }
        if (target.retracted()) {
            return new Decision.Refused("correctsEventId", "event '" + targetId + "' was retracted and can no longer be " + verb);
        }
        return null;
    }

    @EventSourcingHandler
    void on(PersonEvent event, MetaData metaData, @SequenceNumber long sequence, @SourceId String sourceId) {
        personId = sourceId;
        lastSequence = sequence;
        lastHash = (String) metaData.getOrDefault(HASH, lastHash);
        // an erasure is about the record, not a fact: like an amendment it can be neither corrected nor retracted
        boolean amendment = event instanceof EventCorrected || event instanceof EventRetracted || event instanceof PersonalDataErased;
        entries.put(event.eventId(), new Entry(sequence, event.type(), (String) metaData.get(CONTENT_HASH),
                EventJson.parseInstant((String) metaData.get(RECORDED_AT)), amendment, false));
        if (event instanceof EventRetracted r) {
            entries.computeIfPresent(r.correctsEventId(), (id, e) ->
                    new Entry(e.sequence(), e.type(), e.contentHash(), e.recordedAt(), e.amendment(), true));
        } else if (event instanceof ReferralMade m) {
            referralIds.add(m.referralId());
        }
    }
}
