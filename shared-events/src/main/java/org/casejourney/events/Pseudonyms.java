package org.casejourney.events;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Stable keyed pseudonyms: {@code ps-} and 26 base32 characters of HMAC-SHA256(secret, personId)
 * (130 bits). The same personId always gives the same pseudonym under one secret, so analysts can
 * follow a person across measures, but without the secret nobody can go from a pseudonym back to
 * the personId or test a guessed personId. A pseudonym matches {@link Fields#PERSON_ID_PATTERN}.
 */
public final class Pseudonyms {

    public static final String PREFIX = "ps-";
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int CHARS = 26;

    /** Slots in each thread's memo of recent pseudonyms (a power of two). */
    private static final int MEMO_SLOTS = 64;

    private final SecretKeySpec key;
    /**
     * Per thread, an initialised Mac (looking the algorithm up and keying it cost more than the HMAC of a personId) and
     * the pseudonyms of the last ids seen, one per slot: a stream's events arrive together (a batch, a poll of the topic),
     * and their HMACs were a tenth of the projection's reading of a record (docs/performance.md).
     */
    private final ThreadLocal<PerThread> perThread = ThreadLocal.withInitial(PerThread::new);

    private final class PerThread {
        private final Mac mac = newMac();
        private final String[] ids = new String[MEMO_SLOTS];
        private final String[] pseudonyms = new String[MEMO_SLOTS];
    }

    public Pseudonyms(String secret) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("the pseudonym secret (casejourney.pseudonyms.secret) must be at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String of(String personId) {
        PerThread mine = perThread.get();
        int hash = personId.hashCode();
        int slot = (hash ^ (hash >>> 16)) & (MEMO_SLOTS - 1);
        if (personId.equals(mine.ids[slot])) {
            return mine.pseudonyms[slot];
        }
        String pseudonym = computed(mine.mac, personId);
        mine.ids[slot] = personId;
        mine.pseudonyms[slot] = pseudonym;
        return pseudonym;
    }

    private static String computed(Mac mac, String personId) {
        // doFinal leaves the Mac keyed and reset for the next personId
        byte[] digest = mac.doFinal(personId.getBytes(StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder(PREFIX.length() + CHARS).append(PREFIX);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; out.length() < PREFIX.length() + CHARS; ) {
            if (bits < 5) {
                buffer = (buffer << 8) | (digest[i++] & 0xff);
                bits += 8;
            }
            out.append(BASE32[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
        return out.toString(); // the prefix and the alphabet are lower case already
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** Whether a value has the shape of a pseudonym (not whether it belongs to anyone). */
    public static boolean looksLikeOne(String value) {
        return value != null && value.length() == PREFIX.length() + CHARS && value.startsWith(PREFIX)
                && value.substring(PREFIX.length()).chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'));
    }
}
