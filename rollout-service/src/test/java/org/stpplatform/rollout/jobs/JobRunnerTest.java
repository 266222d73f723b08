package org.stpplatform.rollout.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.client.RestClient;
import org.stpplatform.common.api.TaskName;
import org.stpplatform.common.web.ApiException;
import org.stpplatform.engine.model.BuiltinModels;
import org.stpplatform.engine.model.LladaModel;
import org.stpplatform.engine.tokenizer.TaskTokenizer;
import org.stpplatform.rollout.config.RolloutProperties;
import org.stpplatform.rollout.generation.DecodingSettingsInput;
import org.stpplatform.rollout.generation.GenerationQueue;
import org.stpplatform.rollout.generation.RequestValidator;
import org.stpplatform.rollout.metrics.RolloutMetrics;
import org.stpplatform.rollout.policy.PolicyHolder;
import org.stpplatform.rollout.policy.ServedPolicy;
import org.stpplatform.rollout.policy.WeightKind;
import org.stpplatform.rollout.testing.PolicyBlocker;

/**
 * Job cancellation paths, with the queue's worker held back so that each job is caught mid-run.
 * The reward service URL points at a closed loopback port and is never reached.
 */
class JobRunnerTest {

    private PolicyHolder holder;
    private GenerationQueue queue;
    private JobRunner runner;

    @BeforeEach
    void start() {
        holder = new PolicyHolder();
        LladaModel model = LladaModel.create(BuiltinModels.config(BuiltinModels.COUNTDOWN_TINY), null, Device.cpu(), 3);
        holder.initialize(new ServedPolicy(model, TaskTokenizer.instance(), 0, null, WeightKind.FULL));
        RolloutMetrics metrics = new RolloutMetrics(new SimpleMeterRegistry());
        queue = new GenerationQueue(holder, metrics, 1, 8, 16384);
        RolloutProperties.Limits limits = new RolloutProperties.Limits(8, 8, 64, DataSize.ofMegabytes(16),
                DataSize.ofMegabytes(1));
        RolloutProperties.Jobs jobs = new RolloutProperties.Jobs(1, 1, Duration.ofMillis(10), Duration.ofMillis(10),
                Duration.ofSeconds(5), List.of("127.0.0.1"), 100, Duration.ofMillis(200));
        runner = new JobRunner(queue, holder, new RequestValidator(limits), new RewardClient(RestClient.builder(), jobs),
                jobs);
    }

    @AfterEach
    void stop() {
        runner.close();
        queue.close();
        holder.close();
    }

    private static JobRequest job(String runId) {
        return new JobRequest(runId, 1L, 0L, TaskName.COUNTDOWN, "http://127.0.0.1:9", 2,
                new DecodingSettingsInput(16, 8, 4, 0.0, null, null, 1L),
                List.of(new JobRequest.JobPrompt("p-0", "nums 1 2 3 target 6", null, "{}", null),
                        new JobRequest.JobPrompt("p-1", "nums 4 5 6 target 9", null, "{}", null)));
    }

    private JobStatus awaitState(String jobId, JobState state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JobStatus status = runner.status(jobId);
        while (status.state() != state && System.nanoTime() < deadline) {
            Thread.sleep(10);
            status = runner.status(jobId);
        }
        return status;
    }

    @Test
    void versionChangeCancelsRunningJob() throws InterruptedException {
        ServedPolicy served = holder.current().orElseThrow();
        ServedPolicy next = new ServedPolicy(served.model(), served.tokenizer(), 1, "ab", WeightKind.FULL);
        String jobId;
        try (PolicyBlocker ignored = new PolicyBlocker(holder, next)) {
            jobId = runner.submit(job("run-version")).jobId();
            assertThat(awaitState(jobId, JobState.RUNNING).state()).isEqualTo(JobState.RUNNING);
        }

        JobStatus status = awaitState(jobId, JobState.CANCELLED);

        assertThat(status.state()).isEqualTo(JobState.CANCELLED);
        assertThat(status.groupsSubmitted()).isZero();
        assertThat(status.error()).contains("changed from 0 to 1");
    }

    @Test
    void shutdownCancelsRunningAndQueuedJobs() throws InterruptedException {
        String running;
        String queued;
        try (PolicyBlocker ignored = new PolicyBlocker(holder)) {
            running = runner.submit(job("run-a")).jobId();
            queued = runner.submit(job("run-b")).jobId();
            assertThat(awaitState(running, JobState.RUNNING).state()).isEqualTo(JobState.RUNNING);

            runner.close();
        }

        assertThat(runner.status(running).state()).isEqualTo(JobState.CANCELLED);
        assertThat(runner.status(running).error()).contains("stopped before the job finished");
        assertThat(runner.status(queued).state()).isEqualTo(JobState.CANCELLED);
        assertThat(runner.status(queued).error()).contains("stopped before the job started");
        assertThatThrownBy(() -> runner.submit(job("run-c")))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
    }
}
