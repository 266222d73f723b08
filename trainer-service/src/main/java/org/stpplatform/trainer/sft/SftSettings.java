package org.stpplatform.trainer.sft;

import java.nio.file.Path;
import org.stpplatform.trainer.dataset.countdown.CountdownDistribution;

/**
 * Settings of one supervised run of the built-in Countdown model.
 *
 * @param modelName built-in model configuration, e.g. {@code countdown-tiny}
 * @param initCheckpoint checkpoint to start from, or null for a fresh random init
 * @param distribution Countdown distribution of training and held-out instances
 * @param trainSize number of generated training instances (problems may repeat)
 * @param flaw systematic error written into a share of the training traces
 * @param flawShare share of training traces, in [0, 1], that carry {@code flaw}
 * @param steps optimizer steps
 * @param batchSize sequences per step
 * @param learningRate peak AdamW learning rate
 * @param warmupSteps linear warm-up steps; then cosine decay to {@code minLearningRateRatio} of the peak
 * @param minLearningRateRatio final learning rate as a share of the peak
 * @param weightDecay decoupled AdamW weight decay
 * @param gradientClipNorm global L2 norm the gradient is clipped to; 0 turns clipping off
 * @param generationLength N, completion positions (trace plus EOS padding)
 * @param blockLength decoding block length for evaluation
 * @param decodingSteps denoising steps over all blocks for evaluation
 * @param evalEvery steps between held-out evaluations; 0 evaluates only at the end
 * @param evalSize held-out instances decoded greedily per evaluation
 * @param groupPrompts held-out prompts sampled as groups at each evaluation
 * @param groupSize G, completions per sampled group
 * @param groupTemperature sampling temperature of the groups
 * @param checkpointEvery steps between intermediate checkpoints; 0 writes only the final one
 * @param logEvery steps between progress lines
 * @param maxMinutes wall-clock budget; training stops after the step that exceeds it and the
 *     learning-rate decay ends with it (0 = none)
 * @param seed seed of data generation, init, masking and decoding
 * @param outputDir folder of the final checkpoint, its recipe and the intermediate checkpoints
 */
public record SftSettings(
        String modelName,
        Path initCheckpoint,
        CountdownDistribution distribution,
        int trainSize,
        TraceFlaw flaw,
        double flawShare,
        int steps,
        int batchSize,
        double learningRate,
        int warmupSteps,
        double minLearningRateRatio,
        double weightDecay,
        double gradientClipNorm,
        int generationLength,
        int blockLength,
        int decodingSteps,
        int evalEvery,
        int evalSize,
        int groupPrompts,
        int groupSize,
        double groupTemperature,
        int checkpointEvery,
        int logEvery,
        double maxMinutes,
        long seed,
        Path outputDir) {

    public SftSettings {
        requirePositive("trainSize", trainSize);
        requirePositive("steps", steps);
        requirePositive("batchSize", batchSize);
        requirePositive("generationLength", generationLength);
        requirePositive("logEvery", logEvery);
        requireNonNegative("warmupSteps", warmupSteps);
        requireNonNegative("evalEvery", evalEvery);
        requireNonNegative("evalSize", evalSize);
        requireNonNegative("groupPrompts", groupPrompts);
        requireNonNegative("checkpointEvery", checkpointEvery);
        if (groupSize < 2) {
            throw new IllegalArgumentException("groupSize must be at least 2, got " + groupSize);
        }
        if (flaw == null) {
            throw new IllegalArgumentException("flaw is missing; use none, no-answer or no-parentheses");
        }
        if (!(flawShare >= 0 && flawShare <= 1)) {
            throw new IllegalArgumentException("flawShare must be in [0, 1], got " + flawShare);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive number, got " + learningRate);
        }
        if (!(minLearningRateRatio >= 0 && minLearningRateRatio <= 1)) {
            throw new IllegalArgumentException("minLearningRateRatio must be in [0, 1], got " + minLearningRateRatio);
        }
        if (!(weightDecay >= 0) || !(gradientClipNorm >= 0) || !(maxMinutes >= 0)) {
            throw new IllegalArgumentException("weightDecay, gradientClipNorm and maxMinutes must be >= 0, got "
                    + weightDecay + ", " + gradientClipNorm + ", " + maxMinutes);
        }
        if (outputDir == null) {
            throw new IllegalArgumentException("outputDir is missing; pass --output DIR");
        }
    }

    /**
     * Returns the learning rate of 0-based {@code step}: linear warm-up, then cosine decay from the
     * peak to {@code minLearningRateRatio * peak} at the last step.
     */
    public double learningRateAt(int step) {
        return learningRateAt(step, 0.0);
    }

    /**
     * Returns the learning rate of 0-based {@code step} when {@code elapsedMinutes} of the time
     * budget have passed. The cosine decay follows whichever budget, steps or {@code maxMinutes},
     * is further along, so a run that the time budget stops still ends at the minimum rate.
     */
    public double learningRateAt(int step, double elapsedMinutes) {
        if (step < warmupSteps) {
            return learningRate * (step + 1) / warmupSteps;
        }
        int decaySteps = Math.max(1, steps - warmupSteps);
        double progress = (double) (step - warmupSteps) / decaySteps;
        if (maxMinutes > 0) {
            progress = Math.max(progress, elapsedMinutes / maxMinutes);
        }
        double cosine = 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, progress)));
        return learningRate * (minLearningRateRatio + (1 - minLearningRateRatio) * cosine);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void requireNonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }
}
