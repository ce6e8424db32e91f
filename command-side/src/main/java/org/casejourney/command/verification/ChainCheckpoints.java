package org.casejourney.command.verification;

import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.casejourney.command.platform.CaseJourneyProperties;
import org.casejourney.events.checkpoints.Checkpoint;
import org.casejourney.events.checkpoints.CheckpointKeys;
import org.casejourney.events.checkpoints.CheckpointLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Takes signed checkpoints of the streams' heads at an interval and keeps them outside the event
 * store: a file each in the configured directory, and a record on the checkpoints topic. What one
 * anchors cannot be removed or recomputed later without {@code verify} saying so.
 */
@Component
class ChainCheckpoints {

    private static final Logger log = LoggerFactory.getLogger(ChainCheckpoints.class);

    private final CaseJourneyProperties.Checkpoints settings;
    private final StreamHeads heads;
    private final KafkaTemplate<String, String> kafka;
    private final Clock clock;
    private final PrivateKey signingKey;
    private final PublicKey publicKey;
    private final ScheduledExecutorService schedule;
    private final HeadReadings readings;
    private volatile Kept kept;

    /** The ledger as last checked, and the size and modification time of each file it was checked from. */
    private record Kept(CheckpointLedger.Verified ledger, Map<String, String> files) {
    }

    ChainCheckpoints(CaseJourneyProperties properties, StreamHeads heads, KafkaTemplate<String, String> kafka, Clock clock) {
        this.settings = properties.checkpoints();
        this.heads = heads;
        this.kafka = kafka;
        this.clock = clock;
        this.readings = new HeadReadings(properties.eventStore().gapTimeout());
        if (!settings.enabled()) {
            signingKey = null;
            publicKey = null;
            schedule = null;
            return;
        }
        if (settings.signingKey() == null || settings.publicKey() == null) {
            throw new IllegalStateException("casejourney.checkpoints.directory is set, so casejourney.checkpoints.signing-key and "
                    + ".public-key (CASEJOURNEY_CHECKPOINTS_SIGNINGKEY, CASEJOURNEY_CHECKPOINTS_PUBLICKEY) must be too: "
                    + "an Ed25519 pair, base64 PKCS#8 and X.509");
        }
        if (settings.recordBytes() < 1024) {
            throw new IllegalStateException("casejourney.checkpoints.record-bytes is " + settings.recordBytes()
                    + "; give the most bytes one record on " + settings.topic() + " may hold, at least 1024 (default 900000)");
        }
        signingKey = CheckpointKeys.privateKey(settings.signingKey());
        publicKey = CheckpointKeys.publicKey(settings.publicKey());
        Checkpoint probe = CheckpointKeys.sign(signingKey, null, clock.instant(), List.of());
        if (!CheckpointKeys.signatureHolds(publicKey, probe)) {
            throw new IllegalStateException("casejourney.checkpoints.public-key is not the public half of the signing key");
        }
        schedule = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "chain-checkpoints"));
        long interval = settings.interval().toMillis();
        schedule.scheduleWithFixedDelay(this::takeQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /**
     * Signs and keeps a checkpoint of every stream whose head changed since the last one; empty
     * when nothing changed, or when the checkpoints kept so far do not verify (they are not extended).
     * The heads are read only for the streams written since an earlier reading ({@link HeadReadings}),
     * or for every stream at the first take after a start.
     */
    public synchronized Optional<Checkpoint> take() {
        if (!enabled()) {
            return Optional.empty();
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            CheckpointLedger.Verified current = ledger();
            if (!current.holds()) {
                log.error("Checkpoints in {} do not verify, so none is added: {}", settings.directory(), current.problems());
                return Optional.empty();
            }
            Map<String, CheckpointLedger.Anchor> anchors = current.anchors();
            StreamHeads.Reading reading = heads.read(readings.readAfter(), anchors.size());
            List<Checkpoint.Head> changed = reading.heads().values().stream()
                    .filter(h -> {
                        CheckpointLedger.Anchor a = anchors.get(h.stream());
                        return a == null || a.sequence() != h.sequence() || !java.util.Objects.equals(a.hash(), h.hash());
                    })
                    .sorted(Comparator.comparing(Checkpoint.Head::stream)).toList();
            if (changed.isEmpty()) {
                readings.kept(reading.at(), reading.highest());
                return Optional.empty();
            }
            Checkpoint checkpoint = CheckpointKeys.sign(signingKey, current.latest(), clock.instant(), changed);
            if (CheckpointLedger.write(directory(), checkpoint)) {
                readings.kept(reading.at(), reading.highest());
                publish(checkpoint);
                ledger();
                log.info("Checkpoint {} anchors {} stream heads", checkpoint.number(), changed.size());
                return Optional.of(checkpoint);
            }
            // another instance wrote this number first: read again and anchor what is still new
        }
        return Optional.empty();
    }

    /**
     * The checkpoints as kept now. Only files written since the last look are read and checked, as the continuation
     * of what was checked before; the ledger is read and checked whole again at the start, while it does not hold,
     * and when a file checked before changed, went, or a file appeared out of turn. A take or a {@code verify}
     * therefore costs a listing of the directory, not a reading of every checkpoint ever taken.
     */
    CheckpointLedger.Verified ledger() {
        Map<String, String> files = files();
        Kept known = kept;
        if (known == null || !known.ledger().holds() || !files.entrySet().containsAll(known.files().entrySet())) {
            return reload(files);
        }
        if (files.size() == known.files().size()) {
            return known.ledger();
        }
        CheckpointLedger.Verified extended = CheckpointLedger.readAfter(known.ledger(), directory(), publicKey);
        if (extended.count() != files.size()) {
            return reload(files); // a file out of turn (a gap, a stray number): the whole read reports it
        }
        kept = new Kept(extended, files);
        return extended;
    }

    private CheckpointLedger.Verified reload(Map<String, String> files) {
        CheckpointLedger.Verified read = CheckpointLedger.read(directory(), publicKey);
        kept = new Kept(read, files);
        return read;
    }

    /** Each checkpoint file's name, with its size and modification time: what tells a changed file from one already checked. */
    private Map<String, String> files() {
        Map<String, String> files = new HashMap<>();
        if (!Files.isDirectory(directory())) {
            return files;
        }
        try (Stream<Path> listed = Files.list(directory())) {
            listed.filter(p -> CheckpointLedger.isCheckpointFile(p.getFileName().toString())).forEach(p -> {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(p, BasicFileAttributes.class);
                    files.put(p.getFileName().toString(), attributes.size() + "@" + attributes.lastModifiedTime().toMillis());
                } catch (IOException e) {
                    files.put(p.getFileName().toString(), "unreadable");
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the checkpoints in " + directory(), e);
        }
        return files;
    }

    private Path directory() {
        return Path.of(settings.directory());
    }

    /**
     * Sends the checkpoint's JSON as one record, or as several when it is longer than one record may
     * be (a checkpoint lists every stream changed since the one before: after a migration, millions).
     * Each record carries headers {@code checkpoint} (its number), {@code part} and {@code parts};
     * joined in part order they are the JSON the file holds, signature and all.
     */
    private void publish(Checkpoint checkpoint) {
        try {
            List<String> parts = parts(checkpoint.toJson(), settings.recordBytes());
            List<CompletableFuture<?>> sends = new ArrayList<>();
            for (int k = 0; k < parts.size(); k++) {
                var record = new ProducerRecord<String, String>(settings.topic(), "checkpoint", parts.get(k));
                header(record, "checkpoint", Long.toString(checkpoint.number()));
                header(record, "part", Integer.toString(k + 1));
                header(record, "parts", Integer.toString(parts.size()));
                sends.add(kafka.send(record));
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the file is the record; the topic is a second copy for consumers outside this machine
            log.warn("Checkpoint {} kept in {} but not published to {}: {}", checkpoint.number(), settings.directory(),
                    settings.topic(), e.toString());
        }
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The text cut into pieces of at most {@code maxBytes} bytes of UTF-8 each, never inside a character. */
    static List<String> parts(String text, int maxBytes) {
        if (maxBytes < 4) {
            throw new IllegalArgumentException("casejourney.checkpoints.record-bytes must be at least 4");
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int width = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + width > maxBytes) {
                parts.add(text.substring(start, i));
                start = i;
                bytes = 0;
            }
            bytes += width;
            i += Character.charCount(codePoint);
        }
        parts.add(text.substring(start));
        return parts;
    }

    private void takeQuietly() {
        try {
            take();
        } catch (RuntimeException e) {
            log.warn("Taking a checkpoint failed; trying again in {}: {}", settings.interval(), e.toString());
        }
    }

    @PreDestroy
    void stop() {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }
}
