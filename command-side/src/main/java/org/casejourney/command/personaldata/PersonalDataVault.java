package org.casejourney.command.personaldata;

import org.casejourney.events.EventJson;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.PersonalData;
import org.casejourney.events.RecordedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Seals the personal free text of events before they are stored ({@link PersonalData} names the
 * fields) and opens it again for auditors. A sealed value reads
 * {@code cj-enc:v2:<key version>:<base64 of nonce and AES-GCM ciphertext>}, bound to its person,
 * its plaintext padded to a length class so the ciphertext does not tell the text's length.
 * Once the person's keys are destroyed, their sealed values open to nothing: that is the erasure.
 * The content hash that tells a retry from a conflicting reuse of an event id is keyed by the same
 * data key, so it dies with it: nobody can test a guessed text against it after erasure.
 */
@Component
public class PersonalDataVault {

    static final String PREFIX = "cj-enc:v2:";
    /** Sealed before padding existed; still opened. */
    static final String UNPADDED_PREFIX = "cj-enc:v1:";
    /** {@code h1:<key version>:<HMAC-SHA256 hex>}; a bare 64-hex SHA-256 was kept before this existed. */
    static final String HASH_PREFIX = "h1:";
    private static final byte[] CONTENT_HASH_LABEL = "casejourney content hash v1".getBytes(StandardCharsets.UTF_8);
    private static final Logger log = LoggerFactory.getLogger(PersonalDataVault.class);

    /** Keys to seal a batch of people's new events with, fetched or created in one go. */
    public interface Sealer {
        PersonEvent seal(String personId, PersonEvent event);

        /** A hash of the event as sent, keyed by the person's data key, to tell a retry from a conflicting reuse of its id. */
        String contentHash(String personId, PersonEvent sent);
    }

    /** Tells whether a stored content hash is of this event as sent; false once the key it was made with is destroyed. */
    public interface ContentMatcher {
        boolean sameContent(String personId, String storedHash, PersonEvent sent);
    }

    /** A person's events as an auditor may read them; {@code erasedAt} is set once personal data was erased. */
    public record Revealed(List<RecordedEvent> events, Instant erasedAt) {
    }

    private final PersonKeys keys;

    PersonalDataVault(PersonKeys keys) {
        this.keys = keys;
    }

    /** A sealer for these people, in the caller's transaction (new people get their key in it). */
    public Sealer sealerFor(Collection<String> personIds) {
        return sealerFor(personIds, List.of());
    }

    /**
     * As {@link #sealerFor(Collection)}, with a first key made ahead for each of {@code mayBeNew}, so
     * reading these people's keys and creating those of new people cost one round trip.
     */
    public Sealer sealerFor(Collection<String> personIds, Collection<String> mayBeNew) {
        Map<String, PersonKeys.DataKey> active = keys.activeKeys(personIds, mayBeNew);
        return new Sealer() {
            @Override
            public PersonEvent seal(String personId, PersonEvent event) {
                PersonKeys.DataKey key = keyOf(personId);
                return PersonalData.map(event, plain -> PersonalDataVault.seal(personId, key, plain));
            }

            @Override
            public String contentHash(String personId, PersonEvent sent) {
                PersonKeys.DataKey key = keyOf(personId);
                return HASH_PREFIX + key.version() + ":" + hmac(key.key(), sent);
            }

            private PersonKeys.DataKey keyOf(String personId) {
                PersonKeys.DataKey key = active.get(personId);
                if (key == null) {
                    throw new IllegalStateException("no data key for a person of this request");
                }
                return key;
            }
        };
    }

    /** A matcher that reads each person's keys at most once. */
    public ContentMatcher contentMatcher() {
        Map<String, PersonKeys.Readable> read = new HashMap<>();
        return (personId, storedHash, sent) -> {
            if (!storedHash.startsWith(HASH_PREFIX)) {
                return storedHash.equals(EventJson.contentHash(sent)); // kept before keyed hashes existed
            }
            int colon = storedHash.indexOf(':', HASH_PREFIX.length());
            int version = Integer.parseInt(storedHash.substring(HASH_PREFIX.length(), colon));
            SecretKey key = read.computeIfAbsent(personId, keys::readable).keys().get(version);
            return key != null && storedHash.substring(colon + 1).equals(hmac(key, sent));
        };
    }

    /**
     * Seals one text about the person that is not part of an event (an auditor's stated purpose)
     * under their active key, made now if they have none (never recorded, or erased since).
     */
    public String sealText(String personId, String text) {
        return seal(personId, keys.activeKeys(List.of(personId)).get(personId), text);
    }

    /** Opens texts sealed for the person: each as it was, or null once its key was destroyed. */
    public UnaryOperator<String> opener(String personId) {
        PersonKeys.Readable readable = keys.readable(personId);
        return value -> value == null ? null : open(personId, readable.keys(), value);
    }

    /** The events with their personal text opened; text whose key was destroyed reads as null. */
    public Revealed reveal(String personId, List<RecordedEvent> events) {
        PersonKeys.Readable readable = keys.readable(personId);
        List<RecordedEvent> opened = events.stream()
                .map(e -> PersonalData.map(e, value -> open(personId, readable.keys(), value))).toList();
        return new Revealed(opened, readable.erasedAt());
    }

    static boolean isSealed(String value) {
        return value != null && (value.startsWith(PREFIX) || value.startsWith(UNPADDED_PREFIX));
    }

    private static String seal(String personId, PersonKeys.DataKey key, String plain) {
        byte[] sealed = Aead.seal(key.key(), pad(plain.getBytes(StandardCharsets.UTF_8)), context(personId));
        return PREFIX + key.version() + ":" + Base64.getEncoder().encodeToString(sealed);
    }

    /**
     * ISO/IEC 7816-4 padding (a 0x80 byte, then zeros) up to the next length class: 32, 64, 128,
     * 256 bytes, then whole multiples of 256. A short phrase cannot be picked out by its length.
     */
    static byte[] pad(byte[] plain) {
        int needed = plain.length + 1;
        int size = 32;
        while (size < needed && size < 256) {
            size *= 2;
        }
        if (size < needed) {
            size = (needed + 255) / 256 * 256;
        }
        byte[] padded = Arrays.copyOf(plain, size);
        padded[plain.length] = (byte) 0x80;
        return padded;
    }

    static byte[] unpad(byte[] padded) throws GeneralSecurityException {
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        if (end < 0 || padded[end] != (byte) 0x80) {
            throw new GeneralSecurityException("padding does not end in 0x80");
        }
        return Arrays.copyOf(padded, end);
    }

    private static String hmac(SecretKey dataKey, PersonEvent sent) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(dataKey.getEncoded(), "HmacSHA256"));
            // a key of its own for hashing, so the AES key never serves two algorithms
            byte[] hashKey = derive.doFinal(CONTENT_HASH_LABEL);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hashKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(EventJson.write(sent).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    private static String open(String personId, Map<Integer, SecretKey> readable, String value) {
        if (!isSealed(value)) {
            return value; // stored before encryption existed: nothing to open
        }
        boolean padded = value.startsWith(PREFIX);
        int colon = value.indexOf(':', PREFIX.length());
        try {
            int version = Integer.parseInt(value.substring(PREFIX.length(), colon));
            SecretKey key = readable.get(version);
            if (key == null) {
                return null; // erased
            }
            byte[] plain = Aead.open(key, Base64.getDecoder().decode(value.substring(colon + 1)), context(personId));
            return new String(padded ? unpad(plain) : plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | RuntimeException e) {
            log.warn("A sealed personal field of a stored event does not open; shown as null (verify the person's chain)");
            return null;
        }
    }

    private static String context(String personId) {
        return "personal-data|" + personId;
    }
}
