package org.stpplatform.reward.score;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.stpplatform.common.api.ScoreOutcome;
import org.stpplatform.common.api.ScoredCompletion;
import org.stpplatform.common.api.TaskName;
import org.stpplatform.common.web.ApiException;
import org.stpplatform.common.web.ProblemTypes;
import org.stpplatform.reward.config.RewardProperties;
import org.stpplatform.reward.scoring.RewardFunctionInfo;
import org.stpplatform.reward.scoring.RewardScorer;
import org.stpplatform.reward.scoring.Score;
import org.stpplatform.reward.scoring.ScoringMode;

/**
 * Scores batches of completions on a bounded pool of worker threads and records the reward metrics
 * {@code stp.reward.scores} (task, outcome) and {@code stp.reward.scoring.latency} (task).
 * The scorer enforces the per-item deadline itself. This class adds a batch-level wait limit, so a
 * request does not wait forever on a stuck worker. A batch that does not fit into the wait queue is
 * rejected whole with 503 instead of being half scored.
 */
@Service
public class BatchScorer {

    private static final Logger log = LoggerFactory.getLogger(BatchScorer.class);

    /** Slack on top of the scorer's own deadline before the batch wait gives up on an item. */
    private static final Duration WAIT_SLACK = Duration.ofMillis(500);

    private final Map<ScoringMode, RewardScorer> scorers = new EnumMap<>(ScoringMode.class);
    private final ScoringMode defaultMode;
    private final Duration perItemDeadline;
    private final int threads;
    private final ThreadPoolExecutor executor;
    private final Map<TaskName, Timer> latencyByTask = new EnumMap<>(TaskName.class);
    private final Map<TaskName, Map<ScoreOutcome, Counter>> scoresByTask = new EnumMap<>(TaskName.class);

    public BatchScorer(RewardProperties properties, MeterRegistry registry) {
        RewardProperties.Scoring settings = properties.scoring();
        this.defaultMode = settings.mode();
        this.perItemDeadline = settings.perItemDeadline();
        this.threads = settings.resolvedThreads();
        for (ScoringMode mode : ScoringMode.values()) {
            scorers.put(mode, new RewardScorer(mode, perItemDeadline));
        }
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0L, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.queueCapacity()), runnable -> {
                    Thread thread = new Thread(runnable, "scoring-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        for (TaskName task : TaskName.values()) {
            latencyByTask.put(task, Timer.builder("stp.reward.scoring.latency")
                    .description("Time to score one completion")
                    .tag("task", task.wireName())
                    .publishPercentiles(0.5, 0.99)
                    .register(registry));
            Map<ScoreOutcome, Counter> counters = new EnumMap<>(ScoreOutcome.class);
            for (ScoreOutcome outcome : ScoreOutcome.values()) {
                counters.put(outcome, Counter.builder("stp.reward.scores")
                        .description("Scored completions by task and outcome")
                        .tag("task", task.wireName())
                        .tag("outcome", outcome.name())
                        .register(registry));
            }
            scoresByTask.put(task, counters);
        }
        registry.gauge("stp.reward.scoring.queue.size", executor, pool -> pool.getQueue().size());
        log.info("Scoring ready defaultMode={} threads={} queueCapacity={} perItemDeadline={}",
                defaultMode, threads, settings.queueCapacity(), perItemDeadline);
    }

    public ScoringMode defaultMode() {
        return defaultMode;
    }

    /** Returns the reward functions of a task, in breakdown order. */
    public List<RewardFunctionInfo> functions(ScoringMode mode, TaskName task) {
        return scorers.get(mode).functions(task);
    }

    /**
     * Scores every job and returns the results in job order. A failing item becomes an ERROR or
     * TIMEOUT result and the other items are still scored.
     *
     * @throws ApiException 503 when the worker queue has no room for the whole batch, or when the
     *     waiting thread is interrupted during shutdown
     */
    public List<ScoredCompletion> scoreAll(ScoringMode mode, List<ScoringJob> jobs) {
        RewardScorer scorer = scorers.get(mode);
        List<Future<ScoredCompletion>> futures = submitAll(scorer, jobs);
        // Items wait for a worker in turn, so the batch may take ceil(n / threads) deadlines.
        long rounds = (jobs.size() + threads - 1L) / threads;
        long waitUntil = System.nanoTime() + perItemDeadline.plus(WAIT_SLACK).toNanos() * Math.max(1, rounds);

        List<ScoredCompletion> results = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            results.add(await(futures.get(i), jobs.get(i), waitUntil));
        }
        return results;
    }

    private List<Future<ScoredCompletion>> submitAll(RewardScorer scorer, List<ScoringJob> jobs) {
        if (executor.getQueue().remainingCapacity() < jobs.size()) {
            throw overloaded(jobs.size());
        }
        Map<String, String> context = MDC.getCopyOfContextMap();
        List<Future<ScoredCompletion>> futures = new ArrayList<>(jobs.size());
        try {
            for (ScoringJob job : jobs) {
                futures.add(executor.submit(() -> scoreOne(scorer, job, context)));
            }
        } catch (RejectedExecutionException e) {
            futures.forEach(future -> future.cancel(true));
            throw overloaded(jobs.size());
        }
        return futures;
    }

    private ScoredCompletion scoreOne(RewardScorer scorer, ScoringJob job, Map<String, String> context) {
        if (context != null) {
            MDC.setContextMap(context);
        }
        TaskName task = job.instance().task();
        long start = System.nanoTime();
        try {
            Score score = scorer.score(job.instance(), job.completion());
            return record(job, score);
        } catch (RuntimeException e) {
            // RewardScorer is specified never to throw; this guards the batch if it does.
            log.error("Scoring failed task={} index={}", task, job.index(), e);
            return record(job, new Score(0.0, Map.of(), ScoreOutcome.ERROR, "scoring failed: internal error"));
        } finally {
            latencyByTask.get(task).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            MDC.clear();
        }
    }

    private ScoredCompletion await(Future<ScoredCompletion> future, ScoringJob job, long waitUntil) {
        try {
            long remaining = Math.max(0L, waitUntil - System.nanoTime());
            return future.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | CancellationException e) {
            future.cancel(true);
            log.warn("Scoring timed out in the batch wait task={} index={}", job.instance().task(), job.index());
            return record(job, new Score(0.0, Map.of(), ScoreOutcome.TIMEOUT,
                    "scoring did not finish within the batch wait"));
        } catch (ExecutionException e) {
            log.error("Scoring failed task={} index={}", job.instance().task(), job.index(), e.getCause());
            return record(job, new Score(0.0, Map.of(), ScoreOutcome.ERROR, "scoring failed: internal error"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.of("shutting-down"),
                    "Service shutting down", "The service is shutting down; retry the request on another instance.");
        }
    }

    private ScoredCompletion record(ScoringJob job, Score score) {
        scoresByTask.get(job.instance().task()).get(score.outcome()).increment();
        return new ScoredCompletion(job.index(), job.completion(), score.total(), score.breakdown(), score.outcome(),
                score.detail());
    }

    private ApiException overloaded(int batchSize) {
        log.warn("Scoring queue full batchSize={} queued={} capacity={}", batchSize, executor.getQueue().size(),
                executor.getQueue().size() + executor.getQueue().remainingCapacity());
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.of("overloaded"), "Scoring overloaded",
                "The scoring queue has no room for " + batchSize + " completions; retry in a few seconds or send"
                        + " smaller batches.");
    }

    @PreDestroy
    void shutdown() {
        executor.shutdownNow();
        log.info("Scoring stopped");
    }
}
