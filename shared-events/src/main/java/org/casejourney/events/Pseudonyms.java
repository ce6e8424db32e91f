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

    private final SecretKeySpec key;
    /** One initialised Mac per thread: looking the algorithm up and keying it cost more than the HMAC of a personId. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public Pseudonyms(String secret) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("the pseudonym secret (casejourney.pseudonyms.secret) must be at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String of(String personId) {
        // doFinal leaves the Mac keyed and reset for the next personId
        byte[] digest = macs.get().doFinal(personId.getBytes(StandardCharsets.UTF_8));
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
