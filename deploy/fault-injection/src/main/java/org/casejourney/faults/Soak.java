package org.casejourney.faults;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The soak benchmark (not part of CI): a steady load for a chosen time, and once a minute the
 * throughput, request latency p50/p99, each app's heap after GC and open connections, so that a
 * leak shows as a slope.
 *
 * <pre>java -cp deploy/fault-injection/target/classes:$(cat deploy/fault-injection/target/classpath.txt) \
 *     org.casejourney.faults.Soak --minutes 30</pre>
 */
public final class Soak {

    public static void main(String[] args) throws Exception {
        int minutes = intOption(args, "--minutes", 30);
        double rate = intOption(args, "--rate", 300);
        int people = intOption(args, "--people", 5000);
        int workers = intOption(args, "--workers", 4);
        String command = option(args, "--command-url", null);
        String query = option(args, "--query-url", null);
        if (minutes < 1 || minutes > 24 * 60 || rate < 1 || people < workers || workers < 1 || workers > 64) {
            System.err.println("usage: Soak [--minutes 1..1440] [--rate events/s] [--people N] [--workers 1..64] "
                    + "[--command-url http://localhost:8080 --query-url http://localhost:8081]");
            System.exit(64);
        }
        Http http = new Http();
        Target target = command != null && query != null ? new Target(URI.create(command), URI.create(query)) : privateSystem();

        String tag = "soak" + System.currentTimeMillis() / 1000;
        EventPlan plan = new EventPlan(tag, EventPlan.people(tag, people, 100_000), Instant.now().minus(60, ChronoUnit.DAYS));
        Load load = new Load(http, plan, new Load.Settings(workers, 50, 5, 2, rate, Duration.ofSeconds(30)), w -> target.commandUrl(), false);
        System.out.printf(Locale.ROOT, "soak: %d min, target %.0f events/s, %d people, %d clients (batches of 50, every 2nd round one event each for 50 people), %s%n",
                minutes, rate, people, workers, target.commandUrl());
        load.start();
        List<double[]> heapLive = reportEveryMinute(load, minutes, http, target);
        load.stop();
        load.await(Duration.ofSeconds(60));
        System.out.printf(Locale.ROOT, "soak done: %d events acknowledged in %d min; heap live-data slope: command %+.2f MB/min, query %+.2f MB/min; outcomes %s%n",
                load.ackCount(), minutes, slope(heapLive, 1), slope(heapLive, 2), load.outcomes());
        if (!load.anomalies().isEmpty()) {
            System.out.println("anomalies: " + load.anomalies());
        }
        System.exit(0);
    }

    /** The apps the soak writes to and reads from. */
    private record Target(URI commandUrl, URI queryUrl) {
    }

    /** A system of its own in a temporary directory, stopped and deleted when the soak ends. */
    private static Target privateSystem() throws Exception {
        Path dir = Files.createTempDirectory("casejourney-soak-");
        System.out.println("starting a private system in " + dir + " (apps' logs in " + dir.resolve("logs") + ")");
        LocalSystem system = LocalSystem.start(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            system.close();
            system.deleteData();
        }, "soak-stop"));
        System.out.println(referenceLimit(system));
        return new Target(system.commandUrl(), system.queryUrl());
    }

    /** One line a minute; returns each minute's live heap of both apps, for the slope. */
    private static List<double[]> reportEveryMinute(Load load, int minutes, Http http, Target target) throws InterruptedException {
        System.out.println("minute  events/s  requests  errors  single p50/p99 ms  batch p50/p99 ms  | command: heap MB live/used  conns active/total  threads  "
                + "| query: heap MB live/used  conns active/total  threads  lag records");
        List<double[]> heapLive = new ArrayList<>();
        long previousAcks = 0;
        for (int minute = 1; minute <= minutes; minute++) {
            Thread.sleep(60_000);
            List<Load.Sample> samples = load.samples().drain();
            long acks = load.ackCount();
            long errors = samples.stream().filter(s -> !s.outcome().matches("(single 20[01]|batch 200)")).count();
            App c = App.read(http, target.commandUrl());
            App q = App.read(http, target.queryUrl());
            heapLive.add(new double[]{minute, c.heapLiveMb, q.heapLiveMb});
            System.out.printf(Locale.ROOT, "%6d  %8.0f  %8d  %6d  %8s  %16s  | %6.0f / %-6.0f  %4.0f / %-4.0f  %5.0f  | %6.0f / %-6.0f  %4.0f / %-4.0f  %5.0f  %8s%n",
                    minute, (acks - previousAcks) / 60.0, samples.size(), errors, percentiles(samples, "single"),
                    percentiles(samples, "batch"), c.heapLiveMb, c.heapUsedMb, c.active, c.total, c.threads,
                    q.heapLiveMb, q.heapUsedMb, q.active, q.total, q.threads, lag(http, target.queryUrl()));
            previousAcks = acks;
            if (load.anomalies().size() > 0 && minute == 1) {
                System.out.println("anomalies: " + load.anomalies());
            }
        }
        return heapLive;
    }

    /** One app's gauges from /actuator/metrics. */
    private record App(double heapLiveMb, double heapUsedMb, double active, double total, double threads) {
        static App read(Http http, URI base) {
            return new App(metric(http, base, "jvm.gc.live.data.size", "") / 1e6,
                    metric(http, base, "jvm.memory.used", "?tag=area:heap") / 1e6,
                    metric(http, base, "hikaricp.connections.active", ""),
                    metric(http, base, "hikaricp.connections", ""),
                    metric(http, base, "jvm.threads.live", ""));
        }
    }

    static double metric(Http http, URI base, String name, String tags) {
        try {
            Http.Response response = http.get(base.resolve("/actuator/metrics/" + name + tags), Duration.ofSeconds(10));
            if (response.status() != 200) {
                return Double.NaN;
            }
            for (JsonNode m : response.json().path("measurements")) {
                if ("VALUE".equals(m.path("statistic").asText())) {
                    return m.path("value").asDouble();
                }
            }
            return Double.NaN;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private static String lag(Http http, URI queryUrl) {
        try {
            Http.Response listing = http.get(queryUrl.resolve("/api/v1/projections"), Duration.ofSeconds(10));
            if (listing.status() == 200) {
                return listing.json().path("projections").path(0).path("lag").path("records").asText("?");
            }
        } catch (Exception ignored) {
            // an older build without the listing
        }
        return "?";
    }

    private static String percentiles(List<Load.Sample> samples, String endpoint) {
        long[] millis = samples.stream().filter(s -> s.outcome().startsWith(endpoint)).mapToLong(s -> s.latencyNanos() / 1_000_000).sorted().toArray();
        if (millis.length == 0) {
            return "-";
        }
        return millis[(int) Math.floor(0.50 * (millis.length - 1))] + "/" + millis[(int) Math.floor(0.99 * (millis.length - 1))];
    }

    /** Least-squares slope of column {@code y} over minutes, skipping minutes without a reading. */
    static double slope(List<double[]> rows, int y) {
        double[][] points = rows.stream().filter(r -> !Double.isNaN(r[y])).map(r -> new double[]{r[0], r[y]}).toArray(double[][]::new);
        if (points.length < 2) {
            return Double.NaN;
        }
        double mx = Arrays.stream(points).mapToDouble(p -> p[0]).average().orElse(0);
        double my = Arrays.stream(points).mapToDouble(p -> p[1]).average().orElse(0);
        double num = 0;
        double den = 0;
        for (double[] p : points) {
            num += (p[0] - mx) * (p[1] - my);
            den += (p[0] - mx) * (p[0] - mx);
        }
        return den == 0 ? Double.NaN : num / den;
    }

    /** The machine's limit beside the figures (limits.md): one row per transaction on one connection, same PostgreSQL. */
    private static String referenceLimit(LocalSystem system) {
        String table = "soak_limit_" + System.currentTimeMillis();
        try (Connection c = system.connect("postgres"); Statement s = c.createStatement()) {
            // a regular (logged) table: a temporary one skips the WAL flush that bounds real commits
            s.execute("create table " + table + " (id bigserial primary key, payload bytea not null)");
            try {
                byte[] payload = new byte[550];
                int rows = 2000;
                long start = System.nanoTime();
                try (PreparedStatement insert = c.prepareStatement("insert into " + table + " (payload) values (?)")) {
                    for (int i = 0; i < rows; i++) {
                        insert.setBytes(1, payload);
                        insert.executeUpdate();
                    }
                }
                return String.format(Locale.ROOT, "limit: one row per transaction, 1 connection: %.0f rows/s (%d rows of 550 bytes, same PostgreSQL)",
                        rows / ((System.nanoTime() - start) / 1e9), rows);
            } finally {
                s.execute("drop table " + table);
            }
        } catch (Exception e) {
            return "limit: not measured (" + e + ")";
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static int intOption(String[] args, String name, int fallback) {
        String value = option(args, name, null);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            System.err.println(name + " must be a whole number, got " + value);
            System.exit(64);
            return fallback;
        }
    }
}
