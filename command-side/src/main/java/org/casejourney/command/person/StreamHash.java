package org.casejourney.command.person;

import org.casejourney.events.EventJson;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.RecordedEvent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The tamper-evident chain of a person's stream: each event's hash covers its canonical stored
 * form (person, sequence, recordedAt, recordedBy and the event's JSON) and the previous event's
 * hash, so changing, removing or reordering a stored event breaks every hash after it.
 */
public final class StreamHash {

    /** The "previous hash" of a stream's first event. */
    public static final String GENESIS = "0".repeat(64);

    private StreamHash() {
    }

    public static String of(String previousHash, String personId, long sequence, Instant recordedAt, String recordedBy, PersonEvent event) {
        return digest(previousHash, EventJson.write(new RecordedEvent(personId, sequence, null, recordedAt, recordedBy, event)));
    }

    public static String of(String previousHash, RecordedEvent recorded) {
        return of(previousHash, recorded.personId(), recorded.sequence(), recorded.recordedAt(), recorded.recordedBy(), recorded.event());
    }

    /**
     * The hash of an event as its row holds it: the stored payload spliced into the canonical form verbatim. For an
     * event stored in today's form this is what {@link #of(String, RecordedEvent)} gives; for one stored in an older
     * form, read through an upcaster, only this still matches the hash recorded with it.
     */
    public static String ofStored(String previousHash, String personId, long sequence, Instant recordedAt, String recordedBy,
                                  String storedPayload) {
        return digest(previousHash, RecordedJson.of(personId, sequence, null, recordedAt.toString(), recordedBy, storedPayload));
    }

    private static String digest(String previousHash, String canonical) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(previousHash.getBytes(StandardCharsets.US_ASCII));
            sha256.update((byte) '\n');
            sha256.update(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
