package org.casejourney.command.personaldata;

import org.casejourney.events.PersonEvent;
import org.casejourney.events.PersonalData;
import org.casejourney.events.RecordedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Seals the personal free text of events before they are stored ({@link PersonalData} names the
 * fields) and opens it again for auditors. A sealed value reads
 * {@code cj-enc:v1:<key version>:<base64 of nonce and AES-GCM ciphertext>}, bound to its person.
 * Once the person's keys are destroyed, their sealed values open to nothing: that is the erasure.
 */
@Component
public class PersonalDataVault {

    static final String PREFIX = "cj-enc:v1:";
    private static final Logger log = LoggerFactory.getLogger(PersonalDataVault.class);

    /** Keys to seal a batch of people's new events with, fetched or created in one go. */
    public interface Sealer {
        PersonEvent seal(String personId, PersonEvent event);
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
        Map<String, PersonKeys.DataKey> active = keys.activeKeys(personIds);
        return (personId, event) -> {
            PersonKeys.DataKey key = active.get(personId);
            if (key == null) {
                throw new IllegalStateException("no data key for a person of this request");
            }
            return PersonalData.map(event, plain -> seal(personId, key, plain));
        };
    }

    /** The events with their personal text opened; text whose key was destroyed reads as null. */
    public Revealed reveal(String personId, List<RecordedEvent> events) {
        PersonKeys.Readable readable = keys.readable(personId);
        List<RecordedEvent> opened = events.stream()
                .map(e -> PersonalData.map(e, value -> open(personId, readable.keys(), value))).toList();
        return new Revealed(opened, readable.erasedAt());
    }

    static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    private static String seal(String personId, PersonKeys.DataKey key, String plain) {
        byte[] sealed = Aead.seal(key.key(), plain.getBytes(StandardCharsets.UTF_8), context(personId));
        return PREFIX + key.version() + ":" + Base64.getEncoder().encodeToString(sealed);
    }

    private static String open(String personId, Map<Integer, SecretKey> readable, String value) {
        if (!isSealed(value)) {
            return value; // stored before encryption existed: nothing to open
        }
        int colon = value.indexOf(':', PREFIX.length());
        try {
            int version = Integer.parseInt(value.substring(PREFIX.length(), colon));
            SecretKey key = readable.get(version);
            if (key == null) {
                return null; // erased
            }
            byte[] plain = Aead.open(key, Base64.getDecoder().decode(value.substring(colon + 1)), context(personId));
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | RuntimeException e) {
            log.warn("A sealed personal field of a stored event does not open; shown as null (verify the person's chain)");
            return null;
        }
    }

    private static String context(String personId) {
        return "personal-data|" + personId;
    }
}
