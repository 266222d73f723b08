package org.stpplatform.rollout.generation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stpplatform.common.web.ApiException;
import org.stpplatform.engine.sampling.Canvas;
import org.stpplatform.engine.sampling.DecodingSettings;
import org.stpplatform.engine.sampling.DiffusionSampler;
import org.stpplatform.engine.sampling.Generation;
import org.stpplatform.engine.sampling.InferenceScope;
import org.stpplatform.rollout.metrics.RolloutMetrics;
import org.stpplatform.rollout.policy.ModelNotLoadedException;
import org.stpplatform.rollout.policy.PolicyHolder;
import org.stpplatform.rollout.policy.ServedPolicy;
import org.stpplatform.rollout.web.RolloutProblems;

/**
 * Bounded queue of generation batches served by a fixed pool of worker threads.
 *
 * <p>A plan is cut into work items of at most {@code tokenBudget} tokens (prompt plus generation
 * length, summed over sequences; a single sequence above the budget forms an item of its own).
 * The queue holds at most {@code capacity} items: {@link #submit} rejects a plan that does not fit
 * with a 429, {@link #submitAndWait} blocks until it fits. A worker takes the oldest item and, when
 * that item is unseeded, adds later unseeded items with equal decoding settings and version
 * expectation while the batch stays within the budget. Seeded items always run alone, so a seeded
 * request returns the same completions whatever else is queued.
 *
 * <p>Every item of a plan runs with one policy version: the first item pins the version it ran
 * with, and a later item that finds another version fails the plan with a 409.
 */
public class GenerationQueue implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GenerationQueue.class);

    /** Odd constant (the 64-bit golden ratio) that spreads chunk indices over the seed space. */
    private static final long SEED_STRIDE = 0x9E3779B97F4A7C15L;

    private final PolicyHolder holder;
    private final RolloutMetrics metrics;
    private final int capacity;
    private final int tokenBudget;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition itemAvailable = lock.newCondition();
    private final Condition spaceAvailable = lock.newCondition();
    private final ArrayDeque<WorkItem> items = new ArrayDeque<>();
    private final List<Thread> workers = new ArrayList<>();
    private boolean accepting = true;

    /** Exponential moving average of batch wall time, for the Retry-After estimate. */
    private final AtomicLong averageBatchMillis = new AtomicLong(1000);

    public GenerationQueue(PolicyHolder holder, RolloutMetrics metrics,
            int workerCount, int capacity, int tokenBudget) {
        this.holder = holder;
        this.metrics = metrics;
        this.capacity = capacity;
        this.tokenBudget = tokenBudget;
        metrics.registerQueueDepth(this::depth);
        for (int i = 0; i < workerCount; i++) {
            Thread worker = new Thread(this::runWorker, "generation-worker-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        log.info("Generation queue started workers={} capacity={} tokenBudget={}", workerCount, capacity, tokenBudget);
    }

    /** Returns the number of work items waiting for a worker. */
    public int depth() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a plan, rejecting it when the queue lacks room.
     *
     * @throws org.stpplatform.rollout.web.RetryLaterException 429 when the queue is full, 503 when stopping
     */
    public CompletableFuture<GenerationResult> submit(GenerationPlan plan) {
        PlanExecution execution = split(plan);
        lock.lock();
        try {
            requireAccepting();
            if (items.size() + execution.chunkCount() > capacity) {
                throw RolloutProblems.overloaded(items.size(), capacity, retryAfterSeconds());
            }
            enqueue(execution);
        } finally {
            lock.unlock();
        }
        return execution.future;
    }

    /**
     * Queues a plan, waiting until the queue has room.
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    public CompletableFuture<GenerationResult> submitAndWait(GenerationPlan plan) throws InterruptedException {
        PlanExecution execution = split(plan);
        lock.lockInterruptibly();
        try {
            requireAccepting();
            while (items.size() + execution.chunkCount() > capacity) {
                spaceAvailable.await();
                requireAccepting();
            }
            enqueue(execution);
        } finally {
            lock.unlock();
        }
        return execution.future;
    }

    private void requireAccepting() {
        if (!accepting) {
            throw RolloutProblems.stopping();
        }
    }

    private void enqueue(PlanExecution execution) {
        items.addAll(execution.chunks);
        itemAvailable.signalAll();
    }

    /** Estimates how long the queued items take to drain, in whole seconds from 1 to 60. */
    private long retryAfterSeconds() {
        double seconds = (double) items.size() / workers.size() * averageBatchMillis.get() / 1000.0;
        return Math.max(1, Math.min(60, (long) Math.ceil(seconds)));
    }

    /** Cuts a plan into work items within the token budget; capacity limits the item count. */
    private PlanExecution split(GenerationPlan plan) {
        int n = plan.settings().generationLength();
        long seed = plan.seed() != null ? plan.seed() : ThreadLocalRandom.current().nextLong();
        PlanExecution execution = new PlanExecution(plan);
        int from = 0;
        int tokens = 0;
        List<SequenceInput> sequences = plan.sequences();
        for (int i = 0; i < sequences.size(); i++) {
            int sequenceTokens = sequences.get(i).tokenCount(n);
            if (i > from && tokens + sequenceTokens > tokenBudget) {
                execution.addChunk(from, i, tokens, seed);
                from = i;
                tokens = 0;
            }
            tokens += sequenceTokens;
        }
        execution.addChunk(from, sequences.size(), tokens, seed);
        if (execution.chunkCount() > capacity) {
            throw ApiException.invalidField("prompts", "the request needs " + execution.chunkCount()
                    + " batches of at most " + tokenBudget + " tokens but the queue holds " + capacity
                    + "; send fewer prompts or a smaller group size");
        }
        return execution;
    }

    private void runWorker() {
        // Inference only: worker threads start with gradient recording on.
        try (InferenceScope ignored = InferenceScope.enter()) {
            serveBatches();
        }
    }

    private void serveBatches() {
        while (true) {
            List<WorkItem> batch;
            try {
                batch = takeBatch();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (batch == null) {
                return;
            }
            runBatch(batch);
        }
    }

    /** Takes the oldest item and the items that may share its batch; null once stopped and empty. */
    private List<WorkItem> takeBatch() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                if (!accepting) {
                    return null;
                }
                itemAvailable.await();
            }
            WorkItem first = items.pollFirst();
            List<WorkItem> batch = new ArrayList<>();
            batch.add(first);
            int tokens = first.tokens;
            if (first.mergeable()) {
                Iterator<WorkItem> it = items.iterator();
                while (it.hasNext()) {
                    WorkItem candidate = it.next();
                    if (candidate.mergeableWith(first) && tokens + candidate.tokens <= tokenBudget) {
                        batch.add(candidate);
                        tokens += candidate.tokens;
                        it.remove();
                    }
                }
            }
            spaceAvailable.signalAll();
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private void runBatch(List<WorkItem> batch) {
        batch.removeIf(item -> item.execution.future.isDone());
        if (batch.isEmpty()) {
            return;
        }
        long startNanos = System.nanoTime();
        for (WorkItem item : batch) {
            item.execution.markStarted(startNanos);
        }
        try {
            holder.withPolicy(policy -> {
                runWithPolicy(batch, policy);
                return null;
            });
        } catch (ModelNotLoadedException e) {
            batch.forEach(item -> item.execution.fail(RolloutProblems.modelLoading()));
        } catch (RuntimeException | Error e) {
            // A failed batch fails its requests; the worker keeps serving the next batch.
            for (WorkItem item : batch) {
                log.error("Generation batch failed requestId={} sequences={}", item.execution.plan.requestId(),
                        item.to - item.from, e);
                item.execution.fail(RolloutProblems.generationFailed(item.execution.plan.requestId()));
            }
        }
        long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
        averageBatchMillis.getAndUpdate(previous -> (previous * 7 + elapsedMillis) / 8);
    }

    private void runWithPolicy(List<WorkItem> batch, ServedPolicy policy) {
        List<WorkItem> runnable = new ArrayList<>();
        for (WorkItem item : batch) {
            Long required = item.execution.requiredVersion();
            if (required != null && required != policy.version()) {
                item.execution.fail(RolloutProblems.versionConflict(required, policy.version()));
            } else {
                item.execution.pinVersion(policy.version());
                runnable.add(item);
            }
        }
        if (runnable.isEmpty()) {
            return;
        }

        List<int[]> prompts = new ArrayList<>();
        List<Canvas> canvases = new ArrayList<>();
        for (WorkItem item : runnable) {
            for (SequenceInput input : item.execution.plan.sequences().subList(item.from, item.to)) {
                prompts.add(input.promptIds());
                canvases.add(input.canvas());
            }
        }
        DecodingSettings settings = runnable.get(0).execution.plan.settings().withSeed(runnable.get(0).seed);
        List<Generation> outputs = new DiffusionSampler(policy.model()).generate(prompts, canvases, settings);
        if (outputs.size() != prompts.size()) {
            throw new IllegalStateException("sampler returned " + outputs.size() + " sequences for "
                    + prompts.size() + " prompts");
        }
        metrics.recordBatch(settings, canvases, outputs);

        int offset = 0;
        for (WorkItem item : runnable) {
            int count = item.to - item.from;
            item.execution.complete(item, outputs.subList(offset, offset + count), policy.version());
            offset += count;
        }
    }

    /** Stops taking work: queued items fail with a 503, batches already running finish. */
    @Override
    public void close() {
        List<WorkItem> cancelled;
        lock.lock();
        try {
            accepting = false;
            cancelled = new ArrayList<>(items);
            items.clear();
            itemAvailable.signalAll();
            spaceAvailable.signalAll();
        } finally {
            lock.unlock();
        }
        for (WorkItem item : cancelled) {
            if (item.execution.fail(RolloutProblems.stopping())) {
                log.info("Cancelled queued generation requestId={} reason=shutdown", item.execution.plan.requestId());
            }
        }
        for (Thread worker : workers) {
            try {
                worker.join(TimeUnit.MINUTES.toMillis(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        log.info("Generation queue stopped cancelledItems={}", cancelled.size());
    }

    /** A contiguous range of a plan's sequences that runs in one batch. */
    private static final class WorkItem {
        final PlanExecution execution;
        final int from;
        final int to;
        final int tokens;
        final long seed;

        WorkItem(PlanExecution execution, int from, int to, int tokens, long seed) {
            this.execution = execution;
            this.from = from;
            this.to = to;
            this.tokens = tokens;
            this.seed = seed;
        }

        boolean mergeable() {
            return execution.plan.seed() == null;
        }

        boolean mergeableWith(WorkItem other) {
            return mergeable() && other.mergeable()
                    && execution.plan.settings().withSeed(0).equals(other.execution.plan.settings().withSeed(0))
                    && Objects.equals(execution.plan.expectedPolicyVersion(),
                            other.execution.plan.expectedPolicyVersion());
        }
    }

    /** Progress of one plan: collects the outputs of its work items and completes the future. */
    private static final class PlanExecution {
        final GenerationPlan plan;
        final CompletableFuture<GenerationResult> future = new CompletableFuture<>();
        final List<WorkItem> chunks = new ArrayList<>();
        final Generation[] outputs;
        final AtomicInteger remaining = new AtomicInteger();
        final long submittedNanos = System.nanoTime();
        volatile long startedNanos;
        volatile Long pinnedVersion;

        PlanExecution(GenerationPlan plan) {
            this.plan = plan;
            this.outputs = new Generation[plan.sequences().size()];
        }

        void addChunk(int from, int to, int tokens, long seed) {
            // Chunk 0 uses the plan's seed itself, so a plan that fits one batch depends on the seed
            // alone. Later chunks get distinct seeds derived from it.
            long chunkSeed = seed + chunks.size() * SEED_STRIDE;
            chunks.add(new WorkItem(this, from, to, tokens, chunkSeed));
            remaining.incrementAndGet();
        }

        int chunkCount() {
            return chunks.size();
        }

        synchronized void markStarted(long nanos) {
            if (startedNanos == 0) {
                startedNanos = nanos;
            }
        }

        Long requiredVersion() {
            return plan.expectedPolicyVersion() != null ? plan.expectedPolicyVersion() : pinnedVersion;
        }

        synchronized void pinVersion(long version) {
            if (pinnedVersion == null) {
                pinnedVersion = version;
            }
        }

        void complete(WorkItem item, List<Generation> sequences, long version) {
            for (int i = 0; i < sequences.size(); i++) {
                outputs[item.from + i] = sequences.get(i);
            }
            if (remaining.decrementAndGet() == 0) {
                long now = System.nanoTime();
                future.complete(new GenerationResult(version, List.of(outputs),
                        (startedNanos - submittedNanos) / 1_000_000, (now - startedNanos) / 1_000_000));
            }
        }

        boolean fail(RuntimeException problem) {
            return future.completeExceptionally(problem);
        }
    }
}
