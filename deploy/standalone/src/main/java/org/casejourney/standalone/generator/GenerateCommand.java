package org.casejourney.standalone.generator;

import org.casejourney.standalone.Options;
import org.casejourney.standalone.launcher.LocalKeys;
import org.casejourney.standalone.launcher.StandaloneConfig;
import java.nio.file.Path;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code generate}: posts synthetic journeys to a running command side over the batch endpoint. */
public final class GenerateCommand {

    private GenerateCommand() {
    }

    public static String usage() {
        return """
                generate: posts synthetic journeys over the command side's batch endpoint and prints a summary.
                  --people N        people to generate (default 2000)
                  --url URL         command side (default http://localhost:8080; localhost only)
                  --seed N          random seed; the same seed and end give the same events and ids (default 42)
                  --days N          activity spread over this many days before the end (default 365)
                  --end INSTANT     the latest moment of activity (default: today 00:00 UTC, so reruns on a day are retries)
                  --batch-size N    events per request, at most 1000 (default 500)
                  --concurrency N   requests in flight (default 2)
                  (posts with CASEJOURNEY_TOKEN when set, else a recorder token signed with DATA_DIR/keys.properties)
                """;
    }

    /** CASEJOURNEY_TOKEN when given (a recorder's token from the deployment's identity provider), else one the local keys sign. */
    private static String authorization() {
        String token = System.getenv("CASEJOURNEY_TOKEN");
        if (token != null && !token.isBlank()) {
            return "Bearer " + token.trim();
        }
        return LocalKeys.in(StandaloneConfig.fromEnvironment(System.getenv(), Path.of("").toAbsolutePath()).dataDir()).access().recorder();
    }

    public static int run(List<String> args) {
        Options options = Options.parse(args, Set.of("people", "url", "seed", "days", "end", "batch-size", "concurrency"), Set.of("help"));
        if (options.has("help")) {
            System.out.println(usage());
            return 0;
        }
        int people = options.positiveInt("people", 2000);
        URI url = options.localUrl("url", "http://localhost:8080");
        long seed = options.longValue("seed", 42);
        int days = options.positiveInt("days", 365);
        int batchSize = options.positiveInt("batch-size", 500);
        int concurrency = options.positiveInt("concurrency", 2);
        if (batchSize > BatchPoster.MAX_BATCH) {
            throw new Options.UsageException("--batch-size is at most " + BatchPoster.MAX_BATCH);
        }
        Instant end = end(options.string("end", null));

        JourneyGenerator generator = new JourneyGenerator(JourneyGenerator.defaultPrefix(seed), seed, end, days);
        List<JourneyGenerator.Person> generated = new ArrayList<>(people);
        for (int i = 0; i < people; i++) {
            generated.add(generator.person(i));
        }
        BatchPoster.Packing packing = BatchPoster.pack(generated, batchSize);
        System.out.printf("generate: %d people, %d events in %d batches to %s (seed %d, %d days up to %s)%n",
                people, packing.events(), packing.batches().size(), url, seed, days, end);
        long started = System.nanoTime();
        BatchPoster.Outcome outcome = new BatchPoster(url, concurrency, authorization()).post(packing);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("people %d, events %d, accepted %d, duplicates %d, rejected %d, elapsed %.1f s, %.0f events/s%n",
                people, packing.events(), outcome.accepted(), outcome.duplicates(), outcome.rejected(), seconds, packing.events() / seconds);
        outcome.problems().forEach(p -> System.out.println("  rejected: " + p));
        return outcome.rejected() == 0 ? 0 : 1;
    }

    private static Instant end(String given) {
        if (given == null) {
            return Instant.now().truncatedTo(ChronoUnit.DAYS);
        }
        try {
            Instant end = Instant.parse(given);
            if (end.isAfter(Instant.now())) {
                throw new Options.UsageException("--end must not be in the future: the command side refuses future events");
            }
            return end;
        } catch (DateTimeParseException e) {
            throw new Options.UsageException("--end must be an instant such as 2026-01-01T00:00:00Z, got " + given);
        }
    }
}
