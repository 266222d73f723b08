package org.stpplatform.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load harness for {@code POST /v1/score}: starts the reward service's executable jar as a child
 * process on a free loopback port with a 256 MiB heap and an embedded PostgreSQL in a temporary
 * folder, drives each task from N client threads for a fixed time, and prints throughput and
 * request latency percentiles as a Markdown table. Not a unit test; every loop is bounded in time.
 *
 * <p>Usage: {@code java -cp benchmarks/target/classes org.stpplatform.benchmarks.RewardServiceLoad
 * [--jar PATH] [--clients N] [--batch B] [--seconds S] [--warmup S] [--heap 256m]}
 */
public final class RewardServiceLoad {

    private static final Pattern OUTCOME = Pattern.compile("\"outcome\":\"([A-Z]+)\"");
    private static final Pattern HEAP_USED = Pattern.compile(
            "jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.Ee+]+)");

    private RewardServiceLoad() {
    }

    /** Harness settings from the command line. */
    record Settings(Path jar, int clients, int batchSize, int seconds, int warmupSeconds, String heap) {

        static Settings parse(String[] args) {
            Map<String, String> options = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("invalid argument '" + args[i]
                            + "'; expected --jar PATH --clients N --batch B --seconds S --warmup S --heap SIZE");
                }
                options.put(args[i].substring(2), args[++i]);
            }
            Settings settings = new Settings(
                    Path.of(options.getOrDefault("jar", "reward-service/target/reward-service-0.1.0-SNAPSHOT-exec.jar")),
                    Integer.parseInt(options.getOrDefault("clients", "4")),
                    Integer.parseInt(options.getOrDefault("batch", "32")),
                    Integer.parseInt(options.getOrDefault("seconds", "20")),
                    Integer.parseInt(options.getOrDefault("warmup", "10")),
                    options.getOrDefault("heap", "256m"));
            if (!Files.isRegularFile(settings.jar())) {
                throw new IllegalArgumentException("reward service jar not found: " + settings.jar().toAbsolutePath()
                        + "; build it with ./mvnw -q -pl reward-service -am package -DskipTests or pass --jar");
            }
            return settings;
        }
    }

    /** Measurements of one task. */
    record Result(String task, long requests, long completions, double seconds, long[] latenciesNanos,
            Map<String, Long> outcomes, long failures) {

        double completionsPerSecond() {
            return completions / seconds;
        }

        double percentileMillis(double quantile) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(quantile * latenciesNanos.length) - 1;
            return latenciesNanos[Math.max(0, Math.min(index, latenciesNanos.length - 1))] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        Path dataDir = Files.createTempDirectory("stp-reward-load");
        int port = freePort();
        Process service = startService(settings, port, dataDir);
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + port;
            awaitReady(http, base, service);

            List<Result> results = new ArrayList<>();
            for (String task : List.of("countdown", "gsm8k", "math")) {
                String body = Payloads.batch(task, settings.batchSize());
                drive(http, base, body, settings.clients(), settings.warmupSeconds(), settings.batchSize(), task);
                results.add(drive(http, base, body, settings.clients(), settings.seconds(), settings.batchSize(), task));
            }
            double heapUsedMiB = heapUsedMiB(http, base);
            print(settings, results, heapUsedMiB);
        } finally {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
                service.waitFor(10, TimeUnit.SECONDS);
            }
            deleteRecursively(dataDir);
        }
    }

    private static Process startService(Settings settings, int port, Path dataDir) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + settings.heap(),
                "-jar", settings.jar().toAbsolutePath().toString(),
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--stp.data-dir=" + dataDir,
                "--logging.level.root=WARN"));
        Path log = dataDir.resolve("reward-service.log");
        System.err.println("Starting reward service port=" + port + " heap=" + settings.heap() + " log=" + log);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitReady(HttpClient http, String base, Process service) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("reward service exited with status " + service.exitValue()
                        + " before it was ready; see its log");
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("reward service not ready within 120 s");
    }

    /** Sends the batch from {@code clients} threads for {@code seconds} and collects latencies. */
    private static Result drive(HttpClient http, String base, String body, int clients, int seconds, int batchSize,
            String task) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/score"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long endAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong failures = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<List<Object>>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                Map<String, Long> outcomes = new LinkedHashMap<>();
                while (System.nanoTime() < endAt) {
                    long sent = System.nanoTime();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    latencies.add(System.nanoTime() - sent);
                    if (response.statusCode() != 200) {
                        failures.incrementAndGet();
                        continue;
                    }
                    Matcher matcher = OUTCOME.matcher(response.body());
                    while (matcher.find()) {
                        outcomes.merge(matcher.group(1), 1L, Long::sum);
                    }
                }
                return List.of(latencies, outcomes);
            }));
        }
        List<Long> latencies = new ArrayList<>();
        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (Future<List<Object>> future : futures) {
            List<Object> partial = future.get();
            @SuppressWarnings("unchecked")
            List<Long> clientLatencies = (List<Long>) partial.get(0);
            @SuppressWarnings("unchecked")
            Map<String, Long> clientOutcomes = (Map<String, Long>) partial.get(1);
            latencies.addAll(clientLatencies);
            clientOutcomes.forEach((outcome, count) -> outcomes.merge(outcome, count, Long::sum));
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        long ok = sorted.length - failures.get();
        return new Result(task, sorted.length, ok * batchSize, elapsed, sorted, outcomes, failures.get());
    }

    private static double heapUsedMiB(HttpClient http, String base) throws Exception {
        HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher matcher = HEAP_USED.matcher(scrape.body());
        double bytes = 0;
        while (matcher.find()) {
            bytes += Double.parseDouble(matcher.group(1));
        }
        return bytes / (1024.0 * 1024.0);
    }

    private static void print(Settings settings, List<Result> results, double heapUsedMiB) {
        System.out.printf(Locale.ROOT, "clients=%d batch=%d seconds=%d warmup=%d heap=%s cores=%d%n",
                settings.clients(), settings.batchSize(), settings.seconds(), settings.warmupSeconds(), settings.heap(),
                Runtime.getRuntime().availableProcessors());
        for (String task : List.of("countdown", "gsm8k", "math")) {
            System.out.printf(Locale.ROOT, "%s item JSON: %d characters%n", task, Payloads.itemChars(task));
        }
        System.out.println();
        System.out.println("| task | requests | completions/s | p50 request ms | p99 request ms"
                + " | p99 request ms / batch | failed requests | outcomes |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---|");
        for (Result result : results) {
            System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %.3f | %d | %s |%n", result.task(),
                    result.requests(), result.completionsPerSecond(), result.percentileMillis(0.50),
                    result.percentileMillis(0.99), result.percentileMillis(0.99) / settings.batchSize(),
                    result.failures(), result.outcomes());
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "heap used after the run: %.0f MiB of %s%n", heapUsedMiB, settings.heap());
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Request bodies with completions of about 1 KB, half correct and half wrong. */
    static final class Payloads {

        private static final String FILLER = "Let me work through this step by step, checking each intermediate"
                + " value before I commit to it and writing down what I know so far. ";

        private Payloads() {
        }

        static String batch(String task, int batchSize) {
            StringBuilder items = new StringBuilder();
            for (int i = 0; i < batchSize; i++) {
                items.append(i == 0 ? "" : ",").append(item(task, i % 2 == 0));
            }
            return "{\"task\":\"" + task + "\",\"items\":[" + items + "]}";
        }

        private static String item(String task, boolean correct) {
            String reasoning = "<reasoning>\\n" + FILLER.repeat(6) + "\\n</reasoning>\\n";
            return switch (task) {
                case "countdown" -> "{\"completion\":\"" + reasoning + "<answer>\\n"
                        + (correct ? "60 - (88 + 32) / 4" : "88 - 60 + 4 - 32")
                        + "\\n</answer>\",\"reference\":\"{\\\"numbers\\\":[88,4,32,60],\\\"target\\\":30}\"}";
                case "gsm8k" -> "{\"completion\":\"" + reasoning + "<answer>\\n" + (correct ? "1,250" : "1,205")
                        + "\\n</answer>\\n\",\"reference\":\"She earns 1250 dollars.\\n#### 1250\"}";
                case "math" -> "{\"completion\":\"" + reasoning + "<answer>\\n\\\\boxed{"
                        + (correct ? "\\\\frac{150}{7}\\\\text{ degrees}" : "\\\\dfrac{3}{4}")
                        + "}\\n</answer>\",\"reference\":\"\\\\frac{150}7\\\\text{ degrees}\"}";
                default -> throw new IllegalArgumentException("unknown task " + task + ", expected countdown, gsm8k or math");
            };
        }

        static int itemChars(String task) {
            return item(task, true).length();
        }
    }
}
