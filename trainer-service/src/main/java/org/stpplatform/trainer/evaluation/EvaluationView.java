package org.stpplatform.trainer.evaluation;

import java.time.Instant;

/**
 * Evaluation as listed by the REST API; the fields after {@code checkpointId} are those of
 * {@link EvaluationResult}.
 *
 * @param step steps completed when evaluated; 0 is the starting checkpoint
 * @param policyVersion policy version evaluated
 * @param checkpointId id of the checkpoint of that version, when one was written
 */
public record EvaluationView(
        long step,
        long policyVersion,
        Long checkpointId,
        String dataset,
        int generationLength,
        int blockLength,
        int denoisingSteps,
        double temperature,
        long seed,
        String hardware,
        int sampleCount,
        int correctCount,
        int unparseableCount,
        double accuracy,
        double rewardMean,
        double nfePerSample,
        long durationMillis,
        Instant createdAt) {

    public static EvaluationView of(EvaluationEntity entity) {
        EvaluationResult result = entity.toResult();
        return new EvaluationView(entity.getStep(), entity.getPolicyVersion(), entity.getCheckpointId(),
                result.dataset(), result.generationLength(), result.blockLength(), result.denoisingSteps(),
                result.temperature(), result.seed(), result.hardware(), result.sampleCount(), result.correctCount(),
                result.unparseableCount(), result.accuracy(), result.rewardMean(), result.nfePerSample(),
                result.durationMillis(), entity.getCreatedAt());
    }
}
