package org.stpplatform.trainer.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.stpplatform.common.api.GroupCompletion;
import org.stpplatform.common.api.ScoreOutcome;
import org.stpplatform.common.api.ScoredCompletion;
import org.stpplatform.common.api.ScoredGroup;
import org.stpplatform.common.api.TaskName;
import org.stpplatform.engine.grpo.StepResult;
import org.stpplatform.trainer.step.StepMetrics;

class StepMetricsCalculatorTest {

    private static ScoredGroup group(long version, double[] rewards, int nfe, boolean earlyExit, int anchors) {
        List<GroupCompletion> completions = new java.util.ArrayList<>();
        List<ScoredCompletion> scores = new java.util.ArrayList<>();
        for (int i = 0; i < rewards.length; i++) {
            completions.add(new GroupCompletion("c" + i, null, null, nfe, earlyExit, anchors));
            ScoreOutcome outcome = rewards[i] == 1.0 ? ScoreOutcome.CORRECT : ScoreOutcome.WRONG;
            scores.add(new ScoredCompletion(i, "c" + i, rewards[i], Map.of(), outcome, null));
        }
        return new ScoredGroup(UUID.randomUUID(), "run-1", 3, version, "train-" + version, TaskName.COUNTDOWN, "p",
                "r", completions, scores, Instant.EPOCH);
    }

    @Test
    void metricsAggregateGroupsAndUpdate() {
        ScoredGroup first = group(5, new double[] {1.0, 0.0}, 10, true, 8);
        ScoredGroup second = group(4, new double[] {0.1, 0.1}, 20, false, 16);
        StepRollout.Result collected = new StepRollout.Result(List.of(first, second), 1, 300, 40);
        StepResult update = new StepResult(0.5, 0.01, 0.2, 1, 2, 0.3, 0.004, 0.005, 64, 2, Duration.ofMillis(90));

        StepMetrics metrics = StepMetricsCalculator.of(3, 6, 5, collected, update, 32, 90, 12);

        assertThat(metrics.step()).isEqualTo(3);
        assertThat(metrics.policyVersion()).isEqualTo(6);
        assertThat(metrics.groupsUsed()).isEqualTo(2);
        assertThat(metrics.groupsDroppedStale()).isEqualTo(1);
        assertThat(metrics.rewardMean()).isCloseTo(0.3, within(1e-12));
        // Rewards 1.0, 0.0, 0.1, 0.1: population variance 0.165.
        assertThat(metrics.rewardStd()).isCloseTo(Math.sqrt(0.165), within(1e-12));
        assertThat(metrics.accuracy()).isEqualTo(0.25);
        assertThat(metrics.zeroSpreadFraction()).isEqualTo(0.5);
        assertThat(metrics.nfePerSample()).isEqualTo(15.0);
        assertThat(metrics.earlyExitRate()).isEqualTo(0.5);
        assertThat(metrics.anchorFraction()).isCloseTo((8.0 / 32 + 16.0 / 32) / 2, within(1e-12));
        assertThat(metrics.policyVersionLag()).isEqualTo(0.5);
        assertThat(metrics.estimatorVariance()).isEqualTo(0.004);
        assertThat(metrics.unprunedEstimatorVariance()).isEqualTo(0.005);
        assertThat(metrics.loss()).isEqualTo(0.5);
        assertThat(metrics.rolloutMillis()).isEqualTo(300);
        assertThat(metrics.scoringMillis()).isEqualTo(40);
        assertThat(metrics.updateMillis()).isEqualTo(90);
        assertThat(metrics.pushMillis()).isEqualTo(12);
    }

    @Test
    void missingVarianceProbeIsNull() {
        StepRollout.Result collected = new StepRollout.Result(List.of(group(1, new double[] {0, 1}, 4, false, 0)),
                0, 1, 1);
        StepResult update = new StepResult(0, 0, 0, 0, 1, 0, Double.NaN, Double.NaN, 8, 1, Duration.ZERO);

        StepMetrics metrics = StepMetricsCalculator.of(1, 2, 1, collected, update, 8, 1, 1);

        assertThat(metrics.estimatorVariance()).isNull();
        assertThat(metrics.unprunedEstimatorVariance()).isNull();
    }

    @Test
    void estimatorWithoutAnchorsHasNoUnprunedVariance() {
        StepRollout.Result collected = new StepRollout.Result(List.of(group(1, new double[] {0, 1}, 4, false, 0)),
                0, 1, 1);
        StepResult update = new StepResult(0, 0, 0, 0, 1, 0, 0.002, Double.NaN, 8, 1, Duration.ZERO);

        StepMetrics metrics = StepMetricsCalculator.of(1, 2, 1, collected, update, 8, 1, 1);

        assertThat(metrics.estimatorVariance()).isEqualTo(0.002);
        assertThat(metrics.unprunedEstimatorVariance()).isNull();
    }
}
