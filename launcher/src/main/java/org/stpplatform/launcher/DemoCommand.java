package org.stpplatform.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * {@code stp demo}: starts (or connects to) the services, runs one Countdown run per seed and
 * algorithm (seed outer loop) through the trainer's REST API while printing progress, then prints
 * the results table, writes the report and stops the services it started.
 *
 * <p>Ctrl-C (SIGINT) runs a shutdown hook that pauses the active run, so it stays stored and
 * resumable with {@code --resume}, then stops the started services and waits for them.
 */
final class DemoCommand {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;

    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    /** Maximum wait after Ctrl-C for the trainer to finish and checkpoint the step in progress. */
    private static final Duration PAUSE_WAIT = Duration.ofSeconds(90);
    /** Start of the trainer's status detail once a paused run's worker has stopped. */
    private static final String PAUSED_DETAIL_PREFIX = "paused after step";
    private static final DateTimeFormatter FOLDER_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final DemoOptions options;
    private final Path home;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private volatile ServiceCluster cluster;
    private volatile TrainerClient trainer;
    private volatile String activeRunId;
    private volatile ProgressPrinter activePrinter;
    private volatile boolean finished;
    private volatile boolean interrupted;
    private boolean servicesStopped;

    DemoCommand(DemoOptions options, Path home, PrintStream out) {
        this.options = options;
        this.home = home;
        this.out = out;
    }

    int run() {
        Thread hook = new Thread(this::onInterrupt, "stp-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        Instant started = Instant.now();
        try {
            cluster = ServiceCluster.startOrConnect(options, home, http, out, created -> cluster = created);
            trainer = new TrainerClient(http, cluster.url("trainer"));
            List<RunRecord> runs = new ArrayList<>();
            for (long seed : options.seeds()) {
                for (String algorithm : options.algorithms()) {
                    runs.add(executeRun(algorithm, seed));
                }
            }
            String table = ResultsTable.render(runs);
            out.println();
            out.print(table);

            Path reportDir = options.dataDir().toAbsolutePath().resolve("reports").resolve(FOLDER_TIME.format(started));
            ReportWriter.write(reportDir, runs, table, context(started, runs));
            stopServices();
            out.println("stp: report written to " + reportDir.resolve(ReportWriter.HTML));
            boolean allCompleted = runs.stream().allMatch(run -> run.state().equals("completed"));
            return allCompleted ? EXIT_OK : EXIT_FAILED;
        } catch (IOException | RuntimeException e) {
            if (!interrupted) {
                System.err.println("stp: demo failed: " + e.getMessage());
                stopQuietly();
            }
            return EXIT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly();
            return EXIT_FAILED;
        } finally {
            finished = true;
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shutdownInProgress) {
                // The hook is running or has run; it owns the cleanup.
            }
        }
    }

    private RunRecord executeRun(String algorithm, long seed) throws IOException, InterruptedException {
        String runId = options.resumeRunId() != null ? resumeRun() : createRun(algorithm, seed);
        activeRunId = runId;
        Instant started = Instant.now();
        ProgressPrinter printer = new ProgressPrinter(out, System.console() != null);
        activePrinter = printer;

        JsonNode run = trainer.run(runId);
        String runAlgorithm = run.path("algorithm").asString(algorithm);
        // A resumed run keeps the seed it was created with, which the options do not know.
        long runSeed = run.path("config").path("seed").asLong(seed);
        long seenStep = -1;
        List<JsonNode> evaluations = List.of();
        while (true) {
            printer.status(runAlgorithm, run);
            long currentStep = run.path("currentStep").asLong();
            if (currentStep != seenStep) {
                seenStep = currentStep;
                evaluations = RunRecord.elements(trainer.evaluations(runId));
                List<JsonNode> steps = RunRecord.elements(trainer.steps(runId));
                if (!steps.isEmpty()) {
                    JsonNode lastEvaluation = evaluations.isEmpty() ? null : evaluations.get(evaluations.size() - 1);
                    printer.step(runAlgorithm, steps.get(steps.size() - 1), run.path("totalSteps").asLong(),
                            lastEvaluation);
                }
            }
            if (isTerminal(run.path("state").asString(""))) {
                break;
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
            run = trainer.run(runId);
        }
        List<JsonNode> steps = RunRecord.elements(trainer.steps(runId));
        evaluations = RunRecord.elements(trainer.evaluations(runId));
        if (!steps.isEmpty()) {
            // The evaluation after the last step lands after that step's bar was printed.
            printer.step(runAlgorithm, steps.get(steps.size() - 1), run.path("totalSteps").asLong(),
                    evaluations.isEmpty() ? null : evaluations.get(evaluations.size() - 1));
        }
        printer.endLine();
        activeRunId = null;
        activePrinter = null;
        out.println("stp: run " + runId + " (" + runAlgorithm + ", seed " + runSeed + ") ended "
                + ProgressPrinter.statusText(run));
        return new RunRecord(runAlgorithm, runSeed, runId, run, steps, evaluations,
                Duration.between(started, Instant.now()).toMillis() / 1000.0);
    }

    private String createRun(String algorithm, long seed) throws IOException, InterruptedException {
        JsonNode config = DemoRunConfig.build(options, algorithm, seed, cluster.url("reward"), cluster.url("rollout"));
        JsonNode created = trainer.createRun(config);
        String runId = created.path("runId").asString();
        List<String> unknown = unknownOverrides(options.overrides().entrySet().stream()
                .filter(entry -> !entry.getValue().equals("null")).map(Map.Entry::getKey).toList(),
                created.path("config"));
        if (!unknown.isEmpty()) {
            trainer.cancel(runId);
            throw new IllegalArgumentException("the trainer ignored --set " + String.join(", ", unknown)
                    + ": no such field in its run configuration; check the spelling against the trainer's"
                    + " configuration table in the README");
        }
        out.println("stp: created run " + runId + " (" + algorithm + ", " + options.steps() + " steps, seed "
                + seed + ")");
        trainer.start(runId);
        return runId;
    }

    /**
     * Returns the {@code --set} paths that the stored configuration lacks. The trainer ignores
     * unknown fields and stores every known one with its default applied, so a path missing from
     * the stored configuration is a field the trainer does not know.
     */
    static List<String> unknownOverrides(java.util.Collection<String> paths, JsonNode storedConfig) {
        List<String> unknown = new ArrayList<>();
        for (String path : paths) {
            JsonNode node = storedConfig;
            for (String part : path.split("\\.")) {
                node = node == null ? null : node.get(part);
            }
            if (node == null || node.isNull()) {
                unknown.add(path);
            }
        }
        return unknown;
    }

    private String resumeRun() throws IOException, InterruptedException {
        String runId = options.resumeRunId();
        String state = trainer.run(runId).path("state").asString("");
        switch (state) {
            case "paused" -> trainer.resume(runId);
            case "created" -> trainer.start(runId);
            case "running", "waiting" -> { }
            default -> throw new IOException("run " + runId + " is " + state + " and cannot be resumed");
        }
        out.println("stp: resumed run " + runId);
        return runId;
    }

    static boolean isTerminal(String state) {
        return state.equals("completed") || state.equals("cancelled") || state.equals("failed");
    }

    /** Shutdown hook: pauses the active run and stops the started services, unless the demo finished. */
    private void onInterrupt() {
        if (finished) {
            return;
        }
        interrupted = true;
        String runId = activeRunId;
        ProgressPrinter printer = activePrinter;
        boolean lineEnded = printer != null && printer.stop();
        if (!lineEnded && System.console() != null) {
            // Starts a new line after the "^C" that the terminal echoes at the cursor.
            System.err.println();
        }
        System.err.println("stp: interrupted, stopping");
        if (runId != null && trainer != null) {
            try {
                trainer.pause(runId);
                awaitWorkerStopped(runId);
                System.err.println("stp: paused run " + runId + "; resume it with: ./stp demo --data-dir "
                        + options.dataDir() + " --resume " + runId);
            } catch (IOException | RuntimeException e) {
                System.err.println("stp: could not pause run " + runId + ": " + e.getMessage()
                        + "; the trainer resumes a running run from its last checkpoint when it restarts");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stopQuietly();
        System.err.println("stp: services stopped");
    }

    /**
     * Waits until the trainer's worker has finished the step in progress, written its checkpoint
     * and stopped, so that a resume repeats no step. Gives up after {@link #PAUSE_WAIT}; the run
     * then resumes from its previous checkpoint and repeats the steps after it.
     */
    private void awaitWorkerStopped(String runId) throws IOException, InterruptedException {
        System.err.println("stp: finishing the current step and writing its checkpoint (at most "
                + PAUSE_WAIT.toSeconds() + " s)");
        Instant deadline = Instant.now().plus(PAUSE_WAIT);
        while (Instant.now().isBefore(deadline)) {
            JsonNode run = trainer.run(runId);
            String detail = run.path("statusDetail").asString("");
            if (!run.path("state").asString("").equals("paused") || detail.startsWith(PAUSED_DETAIL_PREFIX)) {
                return;
            }
            Thread.sleep(POLL_INTERVAL.toMillis() / 2);
        }
        System.err.println("stp: the step did not finish within " + PAUSE_WAIT.toSeconds()
                + " s; a resume repeats the steps after the last checkpoint");
    }

    private void stopQuietly() {
        try {
            stopServices();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the started services once; later calls do nothing. */
    private synchronized void stopServices() throws InterruptedException {
        if (servicesStopped || cluster == null) {
            return;
        }
        servicesStopped = true;
        out.println("stp: stopping services");
        cluster.stop();
    }

    private Map<String, Object> context(Instant started, List<RunRecord> runs) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("algorithms", String.join(", ", options.algorithms()));
        context.put("steps per run", options.steps());
        context.put("seeds", runs.stream().map(RunRecord::seed).distinct().toList());
        context.put("prompts per step x group size",
                options.budget().promptsPerStep() + " x " + options.budget().groupSize());
        context.put("dataset", options.dataset() != null ? options.dataset().toString()
                : "generated Countdown (" + options.distribution() + ")");
        context.put("hardware", hardware());
        context.put("java", System.getProperty("java.version"));
        context.put("started", started.toString());
        context.put("duration, s", Duration.between(started, Instant.now()).toSeconds());
        for (ManagedService service : cluster.services()) {
            context.put(service.name() + " service", service.baseUrl() + (service.started() ? " (started)" : " (connected)"));
        }
        return context;
    }

    /** Describes the processor from /proc/cpuinfo (Linux) and the core count from the JVM. */
    static String hardware() {
        String cpu = "unknown CPU";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (Stream<String> lines = Files.lines(cpuinfo)) {
                cpu = lines.filter(line -> line.startsWith("model name"))
                        .map(line -> line.substring(line.indexOf(':') + 1).trim())
                        .findFirst()
                        .orElse(cpu);
            } catch (IOException | java.io.UncheckedIOException e) {
                // Keep "unknown CPU"; the core count below is still reported.
            }
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.arch")
                + ", no GPU used";
    }
}
