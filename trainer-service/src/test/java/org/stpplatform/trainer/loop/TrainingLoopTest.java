package org.stpplatform.trainer.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.stpplatform.reward.RewardApplication;
import org.stpplatform.rollout.RolloutApplication;
import org.stpplatform.trainer.TrainerApplication;

/**
 * Runs the trainer against a real reward service and real rollout replicas (the tiny built-in
 * model) in this JVM, each service on its own PostgreSQL database. The reward service is shared
 * by the tests because runs never see each other's groups.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainingLoopTest {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    Path dataDir;

    private final List<ServiceCluster.Service> started = new ArrayList<>();
    private final RestClient http = RestClient.create();
    private ServiceCluster.Service reward;

    @BeforeAll
    void startReward() {
        reward = ServiceCluster.start(RewardApplication.class, ServiceCluster.freshDatabase());
    }

    @AfterAll
    void stopReward() {
        reward.stop();
    }

    @AfterEach
    void stopServices() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).stop();
            } catch (RuntimeException e) {
                // Already stopped by the test.
            }
        }
    }

    /** Also pauses and resumes the run after the restart. */
    @Test
    void stpRunResumesAfterTrainerRestart() throws Exception {
        ServiceCluster.Service replica = startReplica();
        ServiceCluster.Service trainer = startTrainer(ServiceCluster.freshDatabase());

        String runId = createRun(trainer, reward.url(), List.of(replica.url()), 3);
        post(trainer.url() + "/v1/runs/" + runId + "/start");
        Map<String, Object> afterFirstCheckpoint = awaitRun(trainer, runId,
                run -> run.get("lastCheckpointStep") != null);
        assertThat(((Number) afterFirstCheckpoint.get("lastCheckpointStep")).longValue()).isGreaterThanOrEqualTo(1);

        trainer.stop();
        ServiceCluster.Service restarted = start(TrainerApplication.class, trainer.arguments());
        awaitRun(restarted, runId, run -> ((Number) run.get("currentStep")).longValue() >= 2);
        post(restarted.url() + "/v1/runs/" + runId + "/pause");
        Map<String, Object> paused = awaitRun(restarted, runId, run -> "paused".equals(run.get("state"))
                && String.valueOf(run.get("statusDetail")).startsWith("paused after step"));
        assertThat(paused.get("lastCheckpointStep")).isEqualTo(paused.get("currentStep"));
        Thread.sleep(1000);
        assertThat(getMap(restarted.url() + "/v1/runs/" + runId).get("currentStep"))
                .isEqualTo(paused.get("currentStep"));
        post(restarted.url() + "/v1/runs/" + runId + "/resume");
        Map<String, Object> finished = awaitRun(restarted, runId, run -> "completed".equals(run.get("state")));

        List<Map<String, Object>> steps = getList(restarted.url() + "/v1/runs/" + runId + "/steps");
        assertThat(steps).extracting(step -> ((Number) step.get("step")).longValue()).containsExactly(1L, 2L, 3L);
        for (Map<String, Object> step : steps) {
            assertThat(((Number) step.get("groupsUsed")).intValue()).isEqualTo(2);
            assertThat(((Number) step.get("nfePerSample")).doubleValue()).isPositive();
            assertThat(((Number) step.get("anchorFraction")).doubleValue()).isPositive();
            assertThat(((Number) step.get("loss")).doubleValue()).isFinite();
            assertThat(step.get("estimatorVariance")).as("estimatorVariance of an STP step").isNotNull();
            assertThat(step.get("unprunedEstimatorVariance")).as("unprunedEstimatorVariance of an STP step")
                    .isNotNull();
            assertThat(((Number) step.get("unprunedEstimatorVariance")).doubleValue()).isPositive();
        }
        long servedVersion = ((Number) getMap(replica.url() + "/v1/weights").get("policyVersion")).longValue();
        assertThat(((Number) finished.get("policyVersion")).longValue()).isEqualTo(servedVersion);
        // A resume pushes the checkpoint's weights as a new version, so the last step's may be older.
        assertThat(((Number) steps.get(2).get("policyVersion")).longValue()).isLessThanOrEqualTo(servedVersion);

        List<Map<String, Object>> checkpoints = getList(restarted.url() + "/v1/runs/" + runId + "/checkpoints");
        assertThat(checkpoints).extracting(c -> ((Number) c.get("step")).longValue()).containsExactly(2L, 3L);
        for (Map<String, Object> checkpoint : checkpoints) {
            assertThat(Files.isRegularFile(Path.of((String) checkpoint.get("path")).resolve("model.safetensors")))
                    .isTrue();
            assertThat((String) checkpoint.get("sha256")).hasSize(64);
        }
        List<Map<String, Object>> evaluations = getList(restarted.url() + "/v1/runs/" + runId + "/evaluations");
        assertThat(evaluations).extracting(e -> ((Number) e.get("step")).longValue()).contains(3L);
        assertThat(((Number) evaluations.get(evaluations.size() - 1).get("sampleCount")).intValue()).isEqualTo(4);
    }

    /** Also runs async mode: each step's jobs are submitted before the previous step's update. */
    @Test
    void stoppedReplicaDoesNotStopAsyncRun() throws Exception {
        ServiceCluster.Service first = startReplica();
        ServiceCluster.Service second = startReplica();
        ServiceCluster.Service trainer = startTrainer(ServiceCluster.freshDatabase());

        String runId = createRun(trainer, reward.url(), List.of(first.url(), second.url()), 3, "async");
        post(trainer.url() + "/v1/runs/" + runId + "/start");
        awaitRun(trainer, runId, run -> ((Number) run.get("currentStep")).longValue() >= 1);
        second.stop();
        Map<String, Object> finished = awaitRun(trainer, runId, run -> "completed".equals(run.get("state")));

        assertThat(((Number) finished.get("currentStep")).longValue()).isEqualTo(3);
        List<Map<String, Object>> steps = getList(trainer.url() + "/v1/runs/" + runId + "/steps");
        assertThat(steps).extracting(step -> ((Number) step.get("step")).longValue()).containsExactly(1L, 2L, 3L);
        for (Map<String, Object> step : steps) {
            assertThat(((Number) step.get("groupsUsed")).intValue()).isEqualTo(2);
            assertThat(((Number) step.get("policyVersionLag")).doubleValue()).isBetween(0.0, 1.0);
        }
        long servedVersion = ((Number) getMap(first.url() + "/v1/weights").get("policyVersion")).longValue();
        assertThat(((Number) finished.get("policyVersion")).longValue()).isEqualTo(servedVersion);
    }

    @Test
    void rewardOutageMakesRunWaitThenResume() throws Exception {
        Map<String, String> rewardArguments = ServiceCluster.freshDatabase();
        rewardArguments.put("server.port", Integer.toString(freePort()));
        ServiceCluster.Service ownReward = start(RewardApplication.class, rewardArguments);
        ServiceCluster.Service replica = startReplica();
        ServiceCluster.Service trainer = startTrainer(ServiceCluster.freshDatabase());

        String runId = createRun(trainer, ownReward.url(), List.of(replica.url()), 3);
        post(trainer.url() + "/v1/runs/" + runId + "/start");
        awaitRun(trainer, runId, run -> ((Number) run.get("currentStep")).longValue() >= 1);
        ownReward.stop();
        Map<String, Object> waiting = awaitRun(trainer, runId, run -> "waiting".equals(run.get("state")));
        assertThat((String) waiting.get("statusDetail")).contains("reward service unreachable", ownReward.url());

        start(RewardApplication.class, ownReward.arguments());
        Map<String, Object> finished = awaitRun(trainer, runId, run -> "completed".equals(run.get("state")));

        assertThat(((Number) finished.get("currentStep")).longValue()).isEqualTo(3);
        List<Map<String, Object>> steps = getList(trainer.url() + "/v1/runs/" + runId + "/steps");
        assertThat(steps).extracting(step -> ((Number) step.get("step")).longValue()).containsExactly(1L, 2L, 3L);
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private ServiceCluster.Service startReplica() {
        Map<String, String> arguments = ServiceCluster.freshDatabase();
        arguments.put("spring.flyway.enabled", "false");
        arguments.put("stp.rollout.model", "builtin:countdown-tiny");
        arguments.put("stp.rollout.device", "cpu");
        arguments.put("stp.data-dir", dataDir.resolve("rollout").toString());
        return start(RolloutApplication.class, arguments);
    }

    private ServiceCluster.Service startTrainer(Map<String, String> database) {
        Map<String, String> arguments = new LinkedHashMap<>(database);
        arguments.put("stp.trainer.data-dir", dataDir.resolve("trainer").toString());
        arguments.put("stp.trainer.poll-interval", "100ms");
        arguments.put("stp.trainer.outage-retry-interval", "1s");
        return start(TrainerApplication.class, arguments);
    }

    private ServiceCluster.Service start(Class<?> application, Map<String, String> arguments) {
        ServiceCluster.Service service = ServiceCluster.start(application, arguments);
        started.add(service);
        return service;
    }

    private String createRun(ServiceCluster.Service trainer, String rewardUrl, List<String> replicas, int steps) {
        return createRun(trainer, rewardUrl, replicas, steps, "sync");
    }

    private String createRun(ServiceCluster.Service trainer, String rewardUrl, List<String> replicas, int steps,
            String mode) {
        String endpoints = String.join("\", \"", replicas);
        String body = """
                {"task": "countdown", "steps": %d, "seed": 7,
                 "dataset": {"trainSize": 8, "evalSize": 4, "countdownDistribution": "small"},
                 "groupSize": 4, "promptsPerStep": 2, "innerIterations": 1, "estimatorSamples": 2,
                 "optimizer": {"learningRate": 1e-4},
                 "generation": {"generationLength": 32, "blockLength": 32, "denoisingSteps": 8},
                 "evaluation": {"generationLengths": [32], "blockLength": 32, "beforeTraining": false},
                 "checkpoint": {"intervalSteps": 1, "retention": 2},
                 "rollout": {"mode": "%s", "endpoints": ["%s"], "jobTimeoutSeconds": 60},
                 "rewardServiceUrl": "%s"}
                """.formatted(steps, mode, endpoints, rewardUrl);
        Map<?, ?> created = http.post().uri(trainer.url() + "/v1/runs").contentType(MediaType.APPLICATION_JSON)
                .body(body).retrieve().body(Map.class);
        return (String) created.get("runId");
    }

    private Map<String, Object> awaitRun(ServiceCluster.Service trainer, String runId,
            Predicate<Map<String, Object>> condition) throws InterruptedException {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        Map<String, Object> run = null;
        while (System.nanoTime() < deadline) {
            run = getMap(trainer.url() + "/v1/runs/" + runId);
            assertThat(run.get("state")).as("run state, detail: %s", run.get("statusDetail"))
                    .isNotIn("failed", "cancelled");
            if (condition.test(run)) {
                return run;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("run " + runId + " did not reach the expected state in " + RUN_TIMEOUT + ": " + run);
    }

    private void post(String url) {
        http.post().uri(url).retrieve().toBodilessEntity();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> getMap(String url) {
        return http.get().uri(url).retrieve().body(Map.class);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> getList(String url) {
        return http.get().uri(url).retrieve().body(List.class);
    }
}
