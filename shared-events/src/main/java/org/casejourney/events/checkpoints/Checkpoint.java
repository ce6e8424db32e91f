package org.casejourney.events.checkpoints;

import org.casejourney.events.EventJson;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * A signed record of the heads of the streams that changed since the checkpoint before it, kept
 * outside the event store: checkpoint n links to n-1 by the digest of its signed content, so the
 * checkpoints form a chain of their own, and together they anchor every stream's newest head.
 * Streams are named by their pseudonym, so a checkpoint holds no personId.
 *
 * @param previous  the digest of checkpoint {@code number - 1}, null for the first
 * @param signature base64 Ed25519 signature over {@link #signedContent()}
 */
public record Checkpoint(int format, long number, Instant takenAt, String previous, List<Head> heads, String signature) {

    public static final int FORMAT = 1;

    /** A stream's newest event at the time: its sequence and its chain hash. */
    public record Head(String stream, long sequence, String hash) {
    }

    /** What the signature covers: every field but the signature, as canonical JSON. */
    public byte[] signedContent() {
        record Unsigned(int format, long number, Instant takenAt, String previous, List<Head> heads) {
        }
        return EventJson.write(new Unsigned(format, number, takenAt, previous, heads)).getBytes(StandardCharsets.UTF_8);
    }

    /** SHA-256 of the signed content, hex: what the next checkpoint names as its {@code previous}. */
    public String digest() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(signedContent()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public String toJson() {
        return EventJson.write(this);
    }

    public static Checkpoint fromJson(String json) {
        return EventJson.read(json, Checkpoint.class);
    }
}
