package org.casejourney.events.checkpoints;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** Ed25519 keys for checkpoints: base64 PKCS#8 for the private key, base64 X.509 for the public one. */
public final class CheckpointKeys {

    private CheckpointKeys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 15+ runtime has Ed25519", e);
        }
    }

    public static String encode(java.security.Key key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static PrivateKey privateKey(String base64) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64.trim())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 PKCS#8 Ed25519 private key", e);
        }
    }

    public static PublicKey publicKey(String base64) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.trim())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 X.509 Ed25519 public key", e);
        }
    }

    /** The next checkpoint after {@code previous} (null for the first), signed. */
    public static Checkpoint sign(PrivateKey key, Checkpoint previous, Instant takenAt, List<Checkpoint.Head> heads) {
        Checkpoint unsigned = new Checkpoint(Checkpoint.FORMAT, previous == null ? 1 : previous.number() + 1, takenAt,
                previous == null ? null : previous.digest(), List.copyOf(heads), null);
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(unsigned.signedContent());
            return new Checkpoint(unsigned.format(), unsigned.number(), takenAt, unsigned.previous(), unsigned.heads(),
                    Base64.getEncoder().encodeToString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a checkpoint", e);
        }
    }

    /** True when the signature is the key's over the checkpoint's content. */
    public static boolean signatureHolds(PublicKey key, Checkpoint checkpoint) {
        if (checkpoint.signature() == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(checkpoint.signedContent());
            return verifier.verify(Base64.getDecoder().decode(checkpoint.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
