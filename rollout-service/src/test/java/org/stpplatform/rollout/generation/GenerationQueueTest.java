package org.stpplatform.rollout.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.stpplatform.common.web.ApiException;
import org.stpplatform.engine.model.BuiltinModels;
import org.stpplatform.engine.model.LladaModel;
import org.stpplatform.engine.sampling.DecodingSettings;
import org.stpplatform.engine.sampling.Generation;
import org.stpplatform.engine.sampling.Remasking;
import org.stpplatform.engine.tokenizer.TaskTokenizer;
import org.stpplatform.rollout.metrics.RolloutMetrics;
import org.stpplatform.rollout.policy.PolicyHolder;
import org.stpplatform.rollout.policy.ServedPolicy;
import org.stpplatform.rollout.policy.WeightKind;
import org.stpplatform.rollout.testing.PolicyBlocker;

/** Batching rules of the queue, with the worker held back so that plans wait together. */
class GenerationQueueTest {

    private static final DecodingSettings SETTINGS =
            new DecodingSettings(16, 8, 4, 0.9, Remasking.LOW_CONFIDENCE, 0.0, 0L);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private PolicyHolder holder;
    private GenerationQueue queue;

    @BeforeEach
    void start() {
        holder = new PolicyHolder();
        LladaModel model = LladaModel.create(BuiltinModels.config(BuiltinModels.COUNTDOWN_TINY), null, Device.cpu(), 3);
        holder.initialize(new ServedPolicy(model, TaskTokenizer.instance(), 0, null, WeightKind.FULL));
        // Each sequence below takes 4 + 16 = 20 tokens, so two fit a 40-token batch.
        queue = new GenerationQueue(holder, new RolloutMetrics(registry), 1, 16, 40);
    }

    @AfterEach
    void stop() {
        queue.close();
        holder.close();
    }

    private static GenerationPlan plan(String id, int sequences, Long seed, Long expectedVersion) {
        SequenceInput input = new SequenceInput(new int[] {3, 10, 11, 12}, null);
        return new GenerationPlan(id, Collections.nCopies(sequences, input), SETTINGS, seed, expectedVersion);
    }

    private DistributionSummary batchSizes() {
        return registry.get("stp.rollout.batch.size").summary();
    }

    /** Submits {@code first}, waits until the worker has taken it, then submits {@code rest} behind it. */
    private List<CompletableFuture<GenerationResult>> submitBehindBlockedWorker(GenerationPlan first,
            GenerationPlan... rest) throws InterruptedException {
        CompletableFuture<GenerationResult> head;
        @SuppressWarnings("unchecked")
        CompletableFuture<GenerationResult>[] tail = new CompletableFuture[rest.length];
        try (PolicyBlocker ignored = new PolicyBlocker(holder)) {
            head = queue.submit(first);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (queue.depth() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            for (int i = 0; i < rest.length; i++) {
                tail[i] = queue.submit(rest[i]);
            }
            assertThat(queue.depth()).isEqualTo(rest.length);
        }
        List<CompletableFuture<GenerationResult>> all = new ArrayList<>();
        all.add(head);
        all.addAll(List.of(tail));
        return all;
    }

    @Test
    void unseededPlansShareOneBatch() throws Exception {
        List<CompletableFuture<GenerationResult>> futures = submitBehindBlockedWorker(
                plan("a", 1, null, null), plan("b", 1, null, null), plan("c", 1, null, null));

        for (CompletableFuture<GenerationResult> future : futures) {
            assertThat(future.get().sequences()).hasSize(1);
        }
        assertThat(batchSizes().count()).isEqualTo(2);
        assertThat(batchSizes().max()).isEqualTo(2.0);
    }

    @Test
    void seededPlansRunAlone() throws Exception {
        List<CompletableFuture<GenerationResult>> futures = submitBehindBlockedWorker(
                plan("a", 1, 1L, null), plan("b", 1, 2L, null), plan("c", 1, 3L, null));

        for (CompletableFuture<GenerationResult> future : futures) {
            future.get();
        }
        assertThat(batchSizes().count()).isEqualTo(3);
        assertThat(batchSizes().max()).isEqualTo(1.0);
    }

    @Test
    void splitPlanKeepsSeedOfFirstBatch() throws Exception {
        List<Generation> whole = queue.submit(plan("whole", 4, 9L, null)).get().sequences();
        List<Generation> firstBatchOnly = queue.submit(plan("pair", 2, 9L, null)).get().sequences();

        assertThat(batchSizes().count()).isEqualTo(3);
        assertThat(whole).hasSize(4);
        assertThat(whole.get(0).tokens()).isEqualTo(firstBatchOnly.get(0).tokens());
        assertThat(whole.get(1).tokens()).isEqualTo(firstBatchOnly.get(1).tokens());
        // The second batch gets another seed, so its first row differs from the first batch's.
        assertThat(whole.get(2).tokens()).isNotEqualTo(whole.get(0).tokens());
    }

    @Test
    void workerRejectsOtherPolicyVersion() {
        CompletableFuture<GenerationResult> future = queue.submit(plan("v", 1, 1L, 5L));

        assertThatThrownBy(future::get)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT);
                    assertThat(e.properties()).containsEntry("servedVersion", 0L);
                });
    }

    @Test
    void closedQueueRejectsPlans() {
        queue.close();

        assertThatThrownBy(() -> queue.submit(plan("late", 1, 1L, null)))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
    }
}
