package org.stpplatform.trainer.loop;

import java.util.List;
import org.stpplatform.common.api.GroupCompletion;
import org.stpplatform.common.api.ScoreOutcome;
import org.stpplatform.common.api.ScoredCompletion;
import org.stpplatform.common.api.ScoredGroup;
import org.stpplatform.engine.grpo.StepResult;
import org.stpplatform.trainer.step.StepMetrics;

/** Computes the recorded metrics of a step from its groups and its update. */
final class StepMetricsCalculator {

    private StepMetricsCalculator() {
    }

    /**
     * Builds the step's metrics.
     *
     * @param newVersion version the replicas serve after the update
     * @param trainedVersion version the update started from; the lag of a group is
     *     {@code trainedVersion - group.policyVersion()}
     * @param generationLength N, for the anchor fraction
     */
    static StepMetrics of(long step, long newVersion, long trainedVersion, StepRollout.Result collected,
            StepResult update, int generationLength, long updateMillis, long pushMillis) {
        List<ScoredGroup> groups = collected.groups();
        double rewardSum = 0;
        double rewardSquares = 0;
        int correct = 0;
        int samples = 0;
        double nfe = 0;
        int earlyExits = 0;
        double anchors = 0;
        double lag = 0;
        for (ScoredGroup group : groups) {
            lag += trainedVersion - group.policyVersion();
            for (ScoredCompletion score : group.scores()) {
                rewardSum += score.reward();
                rewardSquares += score.reward() * score.reward();
                correct += score.outcome() == ScoreOutcome.CORRECT ? 1 : 0;
                samples++;
            }
            for (GroupCompletion completion : group.completions()) {
                nfe += completion.nfe();
                earlyExits += completion.earlyExit() ? 1 : 0;
                anchors += (double) completion.anchorCount() / generationLength;
            }
        }
        int completions = Math.max(1, groups.stream().mapToInt(g -> g.completions().size()).sum());
        double mean = samples == 0 ? 0 : rewardSum / samples;
        double variance = samples == 0 ? 0 : Math.max(0, rewardSquares / samples - mean * mean);
        Double estimatorVariance = nullIfNaN(update.estimatorVariance());
        Double unprunedEstimatorVariance = nullIfNaN(update.unprunedEstimatorVariance());
        return new StepMetrics(step, newVersion, groups.size(), collected.droppedStale(), mean, Math.sqrt(variance),
                samples == 0 ? 0 : (double) correct / samples, update.loss(), update.kl(), update.clipFraction(),
                groups.isEmpty() ? 0 : (double) update.zeroSpreadGroups() / groups.size(), estimatorVariance,
                unprunedEstimatorVariance, nfe / completions, (double) earlyExits / completions, anchors / completions,
                groups.isEmpty() ? 0 : lag / groups.size(), collected.rolloutMillis(), collected.scoringMillis(),
                updateMillis, pushMillis);
    }

    private static Double nullIfNaN(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
