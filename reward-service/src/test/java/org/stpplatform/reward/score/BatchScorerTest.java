package org.stpplatform.reward.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stpplatform.common.api.ScoreOutcome;
import org.stpplatform.common.api.ScoredCompletion;
import org.stpplatform.common.api.TaskName;
import org.stpplatform.common.web.ApiException;
import org.stpplatform.reward.config.RewardProperties;
import org.stpplatform.reward.scoring.ScoringMode;
import org.stpplatform.reward.scoring.TaskInstance;

class BatchScorerTest {

    private static final TaskInstance COUNTDOWN = TaskInstance.countdown(List.of(88, 4, 32, 60), 30);

    @Test
    void resultsKeepJobOrderAndCountOutcomes() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BatchScorer scorer = new BatchScorer(properties(2, 64, Duration.ofSeconds(1)), registry);
        List<ScoringJob> jobs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String answer = i % 2 == 0 ? "60 - (88 + 32) / 4" : "88 - 60 + 4 - 32";
            jobs.add(new ScoringJob(i, COUNTDOWN, "<answer>" + answer + "</answer>"));
        }

        try {
            List<ScoredCompletion> results = scorer.scoreAll(ScoringMode.STRICT, jobs);

            assertThat(results).extracting(ScoredCompletion::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            assertThat(results.get(0).outcome()).isEqualTo(ScoreOutcome.CORRECT);
            assertThat(results.get(1).outcome()).isEqualTo(ScoreOutcome.WRONG);
            assertThat(registry.counter("stp.reward.scores", "task", "countdown", "outcome", "CORRECT").count())
                    .isEqualTo(5.0);
            assertThat(registry.timer("stp.reward.scoring.latency", "task", "countdown").count()).isEqualTo(10);
        } finally {
            scorer.shutdown();
        }
    }

    @Test
    void batchLargerThanQueueIsRejectedWhole() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BatchScorer scorer = new BatchScorer(properties(1, 4, Duration.ofSeconds(1)), registry);
        List<ScoringJob> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            jobs.add(new ScoringJob(i, COUNTDOWN, "<answer>1</answer>"));
        }

        try {
            assertThatThrownBy(() -> scorer.scoreAll(ScoringMode.STRICT, jobs))
                    .isInstanceOfSatisfying(ApiException.class,
                            error -> assertThat(error.status().value()).isEqualTo(503));
            assertThat(registry.find("stp.reward.scores").counters()).allMatch(counter -> counter.count() == 0.0);
        } finally {
            scorer.shutdown();
        }
    }

    @Test
    void slowItemBecomesTimeoutWithinDeadline() {
        BatchScorer scorer = new BatchScorer(properties(1, 64, Duration.ofMillis(50)), new SimpleMeterRegistry());
        TaskInstance math = TaskInstance.parse(TaskName.MATH, "7");
        List<ScoringJob> jobs = List.of(
                new ScoringJob(0, math, "\\boxed{7^{7^{7^{7^{7^{7^7}}}}}}"),
                new ScoringJob(1, math, "\\boxed{7}"));

        try {
            long start = System.nanoTime();
            List<ScoredCompletion> results = scorer.scoreAll(ScoringMode.STRICT, jobs);
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(results.get(0).outcome()).isIn(ScoreOutcome.TIMEOUT, ScoreOutcome.WRONG);
            assertThat(results.get(1).outcome()).isEqualTo(ScoreOutcome.CORRECT);
            assertThat(seconds).isLessThan(2.0);
        } finally {
            scorer.shutdown();
        }
    }

    private static RewardProperties properties(int threads, int queueCapacity, Duration deadline) {
        return new RewardProperties(
                new RewardProperties.Scoring(ScoringMode.STRICT, deadline, threads, queueCapacity),
                new RewardProperties.Limits(1024, 65536, 65536, 65536, 16384, 1, 256, 33_554_432L),
                new RewardProperties.Queue(1024, 86400, Duration.ofSeconds(5)));
    }
}
