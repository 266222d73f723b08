package org.stpplatform.benchmarks.rollout;

import ai.djl.Device;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stpplatform.engine.io.Safetensors;
import org.stpplatform.engine.model.BuiltinModels;
import org.stpplatform.engine.model.LladaModel;
import org.stpplatform.engine.model.ModelConfig;

/**
 * Load harness for the rollout service: starts its executable jar as a child process on a free
 * loopback port with the tiny built-in model on the CPU, then measures in one run
 * <ul>
 *   <li>tokens per second and p50/p99 latency of {@code POST /v1/generate} for batches of 1, 8 and
 *       32 sequences (one prompt, group size = batch), with early exit off and on (tau 0.95);</li>
 *   <li>the resident memory (VmRSS and its peak VmHWM) of the service process;</li>
 *   <li>the wall time of full-weight pushes of the tiny model, and the time projected from the
 *       measured bytes per second for a LoRA r=128 adapter of LLaDA-8B in bfloat16.</li>
 * </ul>
 * Requests run one at a time from one client, so latency excludes queueing. Prints Markdown.
 * Not a unit test; every loop is bounded by its request count.
 *
 * <p>Usage (DJL must run offline in this JVM too, because it builds the pushed weights):
 * {@code OPT_OUT_TRACKING=true DJL_OFFLINE=true java -Dai.djl.offline=true -cp <classpath>
 * org.stpplatform.benchmarks.rollout.RolloutServiceLoad [--jar PATH] [--requests R] [--heap 512m]}
 */
public final class RolloutServiceLoad {

    private static final String PROMPT = "nums 44 19 3 target 75";
    private static final int GENERATION_LENGTH = 96;
    private static final int BLOCK_LENGTH = 32;
    private static final int STEPS = 48;
    private static final double TEMPERATURE = 0.9;
    private static final double EARLY_EXIT_TAU = 0.95;
    private static final int[] BATCH_SIZES = {1, 8, 32};
    private static final int WARMUP_REQUESTS = 2;
    private static final int WEIGHT_PUSHES = 5;
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;

    /** LLaDA-8B-Instruct: 32 layers, width 4096, feed-forward width 12288, bfloat16 weights. */
    private static final int LLADA_LAYERS = 32;
    private static final long LLADA_WIDTH = 4096;
    private static final long LLADA_FEED_FORWARD = 12288;
    private static final int LORA_RANK = 128;
    private static final int BFLOAT16_BYTES = 2;

    private static final Pattern NFE = Pattern.compile("\"nfe\":(\\d+)");
    private static final Pattern MEMORY_LINE = Pattern.compile("^(VmRSS|VmHWM):\\s+(\\d+) kB", Pattern.MULTILINE);

    private RolloutServiceLoad() {
    }

    /** Harness settings from the command line. */
    record Settings(Path jar, int requests, String heap) {

        static Settings parse(String[] args) {
            Map<String, String> options = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("invalid argument '" + args[i]
                            + "'; expected --jar PATH --requests R --heap SIZE");
                }
                options.put(args[i].substring(2), args[++i]);
            }
            Settings settings = new Settings(
                    Path.of(options.getOrDefault("jar", "rollout-service/target/rollout-service-0.1.0-SNAPSHOT-exec.jar")),
                    Integer.parseInt(options.getOrDefault("requests", "12")),
                    options.getOrDefault("heap", "512m"));
            if (!Files.isRegularFile(settings.jar())) {
                throw new IllegalArgumentException("rollout service jar not found: " + settings.jar().toAbsolutePath()
                        + "; build it with ./mvnw -q -pl rollout-service -am package -DskipTests or pass --jar");
            }
            return settings;
        }
    }

    /**
     * Latencies, forward passes and service CPU time of one batch size and early-exit setting.
     *
     * @param serviceCpuSeconds user plus system CPU time of the service process over the timed requests
     */
    record GenerateResult(int batchSize, boolean earlyExit, long[] latenciesNanos, double meanNfe,
            double serviceCpuSeconds) {

        long tokens() {
            return (long) latenciesNanos.length * batchSize * GENERATION_LENGTH;
        }

        double tokensPerSecond() {
            return tokens() / (Arrays.stream(latenciesNanos).sum() / 1e9);
        }

        double tokensPerCpuSecond() {
            return tokens() / serviceCpuSeconds;
        }

        double percentileMillis(double quantile) {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(quantile * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        if (!"true".equals(System.getenv("OPT_OUT_TRACKING")) || !"true".equals(System.getenv("DJL_OFFLINE"))) {
            throw new IllegalStateException("set OPT_OUT_TRACKING=true and DJL_OFFLINE=true: this JVM loads DJL"
                    + " to build the pushed weights, and DJL contacts outside hosts without them");
        }
        System.setProperty("ai.djl.offline", "true");
        Settings settings = Settings.parse(args);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("rollout-service-load", ".log");
        Process service = start(settings, port, log);
        try {
            String base = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            awaitReady(http, base, service, log);
            List<GenerateResult> results = new ArrayList<>();
            for (boolean earlyExit : new boolean[] {false, true}) {
                for (int batchSize : BATCH_SIZES) {
                    results.add(measureGenerate(http, base, service.pid(), batchSize, earlyExit, settings.requests()));
                }
            }
            Map<String, Long> memory = residentMemory(service.pid());
            long[] pushNanos = new long[WEIGHT_PUSHES];
            long pushBytes = measurePushes(http, base, pushNanos);
            print(settings, results, memory, pushBytes, pushNanos);
        } finally {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
                service.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Process start(Settings settings, int port, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + settings.heap(),
                "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1",
                "-jar", settings.jar().toString(),
                "--server.address=127.0.0.1",
                "--server.port=" + port,
                "--stp.rollout.device=cpu",
                "--stp.rollout.limits.max-group-size=64"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OPT_OUT_TRACKING", "true");
        return builder.start();
    }

    private static void awaitReady(HttpClient http, String base, Process service, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the rollout service exited with code " + service.exitValue()
                        + "; its log is " + log);
            }
            try {
                HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/actuator/health/readiness")).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (readiness.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the rollout service was not ready within 3 minutes; its log is " + log);
    }

    private static String generateBody(int batchSize, boolean earlyExit, long seed) {
        return "{\"prompts\":[{\"text\":\"" + PROMPT + "\"}],\"groupSize\":" + batchSize
                + ",\"settings\":{\"generationLength\":" + GENERATION_LENGTH + ",\"blockLength\":" + BLOCK_LENGTH
                + ",\"steps\":" + STEPS + ",\"temperature\":" + TEMPERATURE + ",\"remasking\":\"low_confidence\""
                + ",\"earlyExitTau\":" + (earlyExit ? EARLY_EXIT_TAU : 0) + ",\"seed\":" + seed + "}}";
    }

    private static GenerateResult measureGenerate(HttpClient http, String base, long pid, int batchSize,
            boolean earlyExit, int requests) throws Exception {
        long[] latencies = new long[requests];
        double cpuStart = 0;
        long nfeSum = 0;
        long nfeCount = 0;
        for (int i = -WARMUP_REQUESTS; i < requests; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/generate"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(generateBody(batchSize, earlyExit, 1000L + i)))
                    .build();
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long elapsed = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("generate failed with status " + response.statusCode() + ": "
                        + response.body());
            }
            if (i == -1) {
                cpuStart = cpuSeconds(pid);
            }
            if (i >= 0) {
                latencies[i] = elapsed;
                Matcher matcher = NFE.matcher(response.body());
                while (matcher.find()) {
                    nfeSum += Long.parseLong(matcher.group(1));
                    nfeCount++;
                }
            }
        }
        return new GenerateResult(batchSize, earlyExit, latencies, (double) nfeSum / Math.max(1, nfeCount),
                cpuSeconds(pid) - cpuStart);
    }

    /**
     * Returns the user plus system CPU time of a process from /proc/PID/stat (Linux only), assuming
     * the usual 100 clock ticks per second.
     */
    private static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS_PER_SECOND;
    }

    /** Returns VmRSS and VmHWM of a process in bytes, from /proc (Linux only). */
    private static Map<String, Long> residentMemory(long pid) throws IOException {
        String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        Map<String, Long> memory = new LinkedHashMap<>();
        Matcher matcher = MEMORY_LINE.matcher(status);
        while (matcher.find()) {
            memory.put(matcher.group(1), Long.parseLong(matcher.group(2)) * 1024);
        }
        return memory;
    }

    /** Pushes fresh full weights of the tiny model several times; returns the body size in bytes. */
    private static long measurePushes(HttpClient http, String base, long[] pushNanos) throws Exception {
        ModelConfig config = BuiltinModels.config(BuiltinModels.COUNTDOWN_TINY);
        long bytes = 0;
        for (int i = 0; i < pushNanos.length; i++) {
            byte[] body;
            try (LladaModel model = LladaModel.create(config, null, Device.cpu(), 100 + i)) {
                body = Safetensors.toBytes(model.baseParameters());
            }
            bytes = body.length;
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/weights"))
                    .header("Content-Type", "application/octet-stream")
                    .header("X-Policy-Version", Integer.toString(i + 1))
                    .header("X-Weights-Sha256", Safetensors.sha256(body))
                    .header("X-Weights-Kind", "full")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            pushNanos[i] = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("weight push failed with status " + response.statusCode() + ": "
                        + response.body());
            }
        }
        return bytes;
    }

    /**
     * Returns the bytes of a LoRA adapter of LLaDA-8B: per layer and target, r * (in + out)
     * parameters (A is [r, in], B is [out, r]), in bfloat16.
     */
    static long loraBytes(List<long[]> targetInOut) {
        long perLayer = 0;
        for (long[] inOut : targetInOut) {
            perLayer += (long) LORA_RANK * (inOut[0] + inOut[1]);
        }
        return perLayer * LLADA_LAYERS * BFLOAT16_BYTES;
    }

    private static void print(Settings settings, List<GenerateResult> results, Map<String, Long> memory,
            long pushBytes, long[] pushNanos) {
        System.out.println("Generation: N " + GENERATION_LENGTH + ", block " + BLOCK_LENGTH + ", " + STEPS
                + " steps, T " + TEMPERATURE + ", one prompt with group size = batch, " + settings.requests()
                + " timed requests after " + WARMUP_REQUESTS + " warm-up requests, one client.");
        System.out.println();
        System.out.println("| early exit | batch | tokens/s (wall) | tokens per service CPU s | p50 ms | p99 ms"
                + " | mean NFE |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (GenerateResult result : results) {
            System.out.println(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %.0f | %.1f |",
                    result.earlyExit() ? "tau " + EARLY_EXIT_TAU : "off", result.batchSize(),
                    result.tokensPerSecond(), result.tokensPerCpuSecond(), result.percentileMillis(0.5),
                    result.percentileMillis(0.99), result.meanNfe()));
        }
        System.out.println();
        System.out.println(String.format(Locale.ROOT, "Resident memory after the generation runs: VmRSS %.0f MiB,"
                + " peak VmHWM %.0f MiB.", memory.getOrDefault("VmRSS", 0L) / 1048576.0,
                memory.getOrDefault("VmHWM", 0L) / 1048576.0));
        long[] sorted = pushNanos.clone();
        Arrays.sort(sorted);
        double medianSeconds = sorted[sorted.length / 2] / 1e9;
        double bytesPerSecond = pushBytes / medianSeconds;
        long allTargets = loraBytes(List.of(
                new long[] {LLADA_WIDTH, LLADA_WIDTH}, new long[] {LLADA_WIDTH, LLADA_WIDTH},
                new long[] {LLADA_WIDTH, LLADA_WIDTH}, new long[] {LLADA_WIDTH, LLADA_WIDTH},
                new long[] {LLADA_WIDTH, LLADA_FEED_FORWARD}, new long[] {LLADA_WIDTH, LLADA_FEED_FORWARD},
                new long[] {LLADA_FEED_FORWARD, LLADA_WIDTH}));
        long attentionTargets = loraBytes(List.of(
                new long[] {LLADA_WIDTH, LLADA_WIDTH}, new long[] {LLADA_WIDTH, LLADA_WIDTH},
                new long[] {LLADA_WIDTH, LLADA_WIDTH}, new long[] {LLADA_WIDTH, LLADA_WIDTH}));
        System.out.println();
        System.out.println(String.format(Locale.ROOT, "Weight push of the tiny model (%d bytes, float32, full):"
                + " median %.1f ms over %d pushes (min %.1f, max %.1f), %.1f MB/s.", pushBytes, medianSeconds * 1e3,
                sorted.length, sorted[0] / 1e6, sorted[sorted.length - 1] / 1e6, bytesPerSecond / 1e6));
        System.out.println(String.format(Locale.ROOT, "Projected LoRA r=%d push of LLaDA-8B at that rate:"
                + " all seven projections %d bytes, %.1f s; q/k/v/attn_out only %d bytes, %.1f s.", LORA_RANK,
                allTargets, allTargets / bytesPerSecond, attentionTargets, attentionTargets / bytesPerSecond));
    }
}
