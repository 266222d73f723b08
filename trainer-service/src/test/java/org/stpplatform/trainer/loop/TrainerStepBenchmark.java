package org.stpplatform.trainer.loop;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.stpplatform.reward.RewardApplication;
import org.stpplatform.rollout.RolloutApplication;
import org.stpplatform.trainer.TrainerApplication;

/**
 * Measures the time of one RL step split into rollout, scoring, update and push for the stp,
 * elbo-grpo and diffu-grpo algorithms, from the same starting model, prompts and seed, one run
 * after the other in one JVM: reward service, one rollout replica and the trainer on loopback
 * ports, each service on its own PostgreSQL database (see {@code PostgresTestDatabase}).
 *
 * <p>The rollout phase of a step includes the scoring of its groups, because the replicas submit
 * each group to the reward service, which scores it before accepting it. The scoring column is
 * therefore read from the reward service itself: the sum of its per-completion scoring latency
 * ({@code stp.reward.scoring.latency}) between the end of the warm-up step and the end of the last
 * step, per measured step. The trainer's own {@code scoringMillis} (its claim and acknowledge
 * requests) is reported as queue time.
 *
 * <p>Arguments: {@code --steps N} (default 5; the first step is a warm-up and not reported),
 * {@code --passes N} (default 2; pass 1 runs the algorithms in the order above, pass 2 in reverse,
 * and so on, so that a drift of the machine's load or of JIT warm-up does not favour one of them),
 * {@code --checkpoint PATH} (starting model; default the built-in countdown-tiny base),
 * {@code --output FILE} (Markdown table, default {@code target/trainer-step-time.md}).
 */
public final class TrainerStepBenchmark {

    private static final List<String> ALGORITHMS = List.of("stp", "elbo-grpo", "diffu-grpo");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);

    private TrainerStepBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        int steps = Integer.parseInt(options.getOrDefault("steps", "5"));
        int passes = Integer.parseInt(options.getOrDefault("passes", "2"));
        String checkpoint = options.get("checkpoint");
        Path output = Path.of(options.getOrDefault("output", "target/trainer-step-time.md"));
        Path dataDir = Files.createTempDirectory("stp-trainer-bench");

        ServiceCluster.Service reward = ServiceCluster.start(RewardApplication.class, ServiceCluster.freshDatabase());
        Map<String, String> rolloutArguments = ServiceCluster.freshDatabase();
        rolloutArguments.put("spring.flyway.enabled", "false");
        rolloutArguments.put("stp.rollout.model", "builtin:countdown-tiny");
        rolloutArguments.put("stp.rollout.device", "cpu");
        ServiceCluster.Service replica = ServiceCluster.start(RolloutApplication.class, rolloutArguments);
        Map<String, String> trainerArguments = ServiceCluster.freshDatabase();
        trainerArguments.put("stp.trainer.data-dir", dataDir.toString());
        trainerArguments.put("stp.trainer.poll-interval", "50ms");
        ServiceCluster.Service trainer = ServiceCluster.start(TrainerApplication.class, trainerArguments);
        RestClient http = RestClient.create();
        List<String> rows = new ArrayList<>();
        try {
            for (int pass = 1; pass <= passes; pass++) {
                List<String> order = new ArrayList<>(ALGORITHMS);
                if (pass % 2 == 0) {
                    Collections.reverse(order);
                }
                for (String algorithm : order) {
                    rows.add(measure(http, reward, replica.url(), trainer.url(), pass, algorithm, steps, checkpoint));
                }
            }
        } finally {
            trainer.stop();
            replica.stop();
            reward.stop();
        }
        String table = "| pass | algorithm | steps | rollout ms | of which scoring ms | queue ms | update ms | push ms | step ms"
                + " | NFE per sample | anchor fraction | estimator variance |\n"
                + "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
                + String.join("\n", rows) + "\n";
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, table);
        System.out.println(table);
    }

    /** Runs one algorithm to completion and returns its table row. */
    private static String measure(RestClient http, ServiceCluster.Service reward, String replica, String trainer,
            int pass, String algorithm, int steps, String checkpoint) throws InterruptedException {
        String runId = createRun(http, trainer, reward.url(), replica, algorithm, steps, checkpoint);
        http.post().uri(trainer + "/v1/runs/" + runId + "/start").retrieve().toBodilessEntity();
        MeterRegistry rewardMeters = reward.context().getBean(MeterRegistry.class);
        awaitStep(http, trainer, runId, 1);
        double scoringStart = scoringMillis(rewardMeters);
        awaitStep(http, trainer, runId, steps);
        double scoringPerStep = (scoringMillis(rewardMeters) - scoringStart) / (steps - 1);
        awaitCompletion(http, trainer, runId);
        List<Map<String, Object>> recorded = http.get().uri(trainer + "/v1/runs/" + runId + "/steps")
                .retrieve().body(List.class);
        System.out.println("finished pass " + pass + " " + algorithm + " runId=" + runId);
        return row(pass, algorithm, recorded.subList(1, recorded.size()), scoringPerStep);
    }

    private static String createRun(RestClient http, String trainer, String reward, String replica, String algorithm,
            int steps, String checkpoint) {
        String model = checkpoint == null ? "{\"name\": \"countdown-tiny\"}"
                : "{\"name\": \"countdown-tiny\", \"checkpoint\": \"" + checkpoint + "\"}";
        String body = """
                {"name": "step time %s", "task": "countdown", "algorithm": "%s", "steps": %d, "seed": 11,
                 "model": %s,
                 "dataset": {"trainSize": 64, "evalSize": 8},
                 "groupSize": 6, "promptsPerStep": 4, "innerIterations": 2,
                 "optimizer": {"learningRate": 1e-5},
                 "generation": {"generationLength": 64, "blockLength": 32, "denoisingSteps": 32},
                 "evaluation": {"generationLengths": [64], "beforeTraining": false},
                 "checkpoint": {"intervalSteps": 1000, "retention": 1},
                 "rollout": {"endpoints": ["%s"]},
                 "rewardServiceUrl": "%s"}
                """.formatted(algorithm, algorithm, steps, model, replica, reward);
        Map<?, ?> created = http.post().uri(trainer + "/v1/runs").contentType(MediaType.APPLICATION_JSON).body(body)
                .retrieve().body(Map.class);
        return (String) created.get("runId");
    }

    /** Returns the reward service's total scoring latency so far, in milliseconds. */
    private static double scoringMillis(MeterRegistry registry) {
        return registry.find("stp.reward.scoring.latency").timers().stream()
                .mapToDouble(timer -> timer.totalTime(TimeUnit.MILLISECONDS))
                .sum();
    }

    private static void awaitStep(RestClient http, String trainer, String runId, int step) throws InterruptedException {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Map<?, ?> run = http.get().uri(trainer + "/v1/runs/" + runId).retrieve().body(Map.class);
            if (((Number) run.get("currentStep")).intValue() >= step) {
                return;
            }
            if ("failed".equals(run.get("state")) || "cancelled".equals(run.get("state"))) {
                throw new IllegalStateException("run " + runId + " ended " + run.get("state") + ": "
                        + run.get("statusDetail"));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("run " + runId + " did not reach step " + step + " within " + RUN_TIMEOUT);
    }

    private static void awaitCompletion(RestClient http, String trainer, String runId) throws InterruptedException {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Map<?, ?> run = http.get().uri(trainer + "/v1/runs/" + runId).retrieve().body(Map.class);
            Object state = run.get("state");
            if ("completed".equals(state)) {
                return;
            }
            if ("failed".equals(state) || "cancelled".equals(state)) {
                throw new IllegalStateException("run " + runId + " ended " + state + ": " + run.get("statusDetail"));
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("run " + runId + " did not complete within " + RUN_TIMEOUT);
    }

    /** Formats the medians of the measured steps as one table row. */
    private static String row(int pass, String algorithm, List<Map<String, Object>> steps, double scoringPerStep) {
        double rollout = median(steps, "rolloutMillis");
        double queue = median(steps, "scoringMillis");
        double update = median(steps, "updateMillis");
        double push = median(steps, "pushMillis");
        return String.format(Locale.ROOT, "| %d | %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f | %.3f | %s |",
                pass, algorithm, steps.size(), rollout, scoringPerStep, queue, update, push, rollout + queue + update + push,
                median(steps, "nfePerSample"), median(steps, "anchorFraction"), formatVariance(steps));
    }

    private static String formatVariance(List<Map<String, Object>> steps) {
        double variance = median(steps, "estimatorVariance");
        return Double.isNaN(variance) ? "n/a" : String.format(Locale.ROOT, "%.2e", variance);
    }

    private static double median(List<Map<String, Object>> steps, String field) {
        double[] values = steps.stream()
                .map(step -> step.get(field))
                .filter(value -> value instanceof Number)
                .mapToDouble(value -> ((Number) value).doubleValue())
                .sorted()
                .toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + Arrays.toString(args));
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
