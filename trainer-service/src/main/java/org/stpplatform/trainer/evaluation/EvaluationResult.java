package org.stpplatform.trainer.evaluation;

/**
 * Outcome of one greedy evaluation pass.
 *
 * @param dataset description of the held-out set, e.g. {@code countdown generated seed=42 n=64}
 * @param generationLength N of the decoding
 * @param blockLength block length of the decoding
 * @param denoisingSteps denoising steps of the decoding
 * @param temperature 0 for greedy
 * @param seed decoding seed
 * @param hardware device and host description, e.g. {@code cpu, 2 cores, Linux amd64}
 * @param sampleCount examples evaluated
 * @param correctCount examples whose outcome was CORRECT
 * @param unparseableCount examples whose outcome was UNPARSEABLE; for Countdown mostly completions
 *     without a closed {@code <answer>} tag
 * @param accuracy correctCount / sampleCount
 * @param rewardMean mean reward
 * @param nfePerSample mean forward passes per completion
 * @param durationMillis wall time of generation and scoring
 */
public record EvaluationResult(
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
        long durationMillis) {
}
