package org.stpplatform.engine.sampling;

import java.util.Objects;

/**
 * Settings of LLaDA semi-autoregressive decoding.
 *
 * @param generationLength N, completion positions per sequence
 * @param blockLength positions decoded per block; divides {@code generationLength}
 * @param steps total denoising steps over all blocks; a multiple of the block count
 * @param temperature Gumbel-max temperature; 0 decodes greedily (argmax)
 * @param remasking order in which masked positions of a block are committed
 * @param earlyExitTau early-exit threshold tau in (0, 1]; NaN or 0 turns early exit off
 * @param seed base seed of every random draw
 */
public record DecodingSettings(
        int generationLength,
        int blockLength,
        int steps,
        double temperature,
        Remasking remasking,
        double earlyExitTau,
        long seed) {

    public DecodingSettings {
        Objects.requireNonNull(remasking, "remasking must be LOW_CONFIDENCE or RANDOM");
        if (generationLength <= 0) {
            throw invalid("generationLength", generationLength + " is not positive; use e.g. 256");
        }
        if (blockLength <= 0 || generationLength % blockLength != 0) {
            throw invalid("blockLength", blockLength + " does not divide generationLength "
                    + generationLength + "; use a divisor such as " + largestDivisorUpTo(generationLength, 32));
        }
        int blockCount = generationLength / blockLength;
        if (steps <= 0 || steps % blockCount != 0) {
            throw invalid("steps", steps + " is not a positive multiple of the block count " + blockCount
                    + "; use e.g. " + blockCount * Math.max(1, Math.round((float) steps / blockCount)));
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw invalid("temperature", temperature + " is not a finite number >= 0; use 0 for greedy");
        }
        if (!Double.isNaN(earlyExitTau) && earlyExitTau != 0 && !(earlyExitTau > 0 && earlyExitTau <= 1)) {
            throw invalid("earlyExitTau", earlyExitTau + " is outside (0, 1]; use e.g. 0.95, or 0 to turn early exit off");
        }
    }

    /**
     * Returns the training settings of STP (Liu et al., arXiv 2602.08905): N 256, block 32, 128
     * steps, T 0.9, tau 0.95.
     */
    public static DecodingSettings paperTraining(long seed) {
        return new DecodingSettings(256, 32, 128, 0.9, Remasking.LOW_CONFIDENCE, 0.95, seed);
    }

    public int blockCount() {
        return generationLength / blockLength;
    }

    public int stepsPerBlock() {
        return steps / blockCount();
    }

    public boolean earlyExitEnabled() {
        return !Double.isNaN(earlyExitTau) && earlyExitTau > 0;
    }

    /**
     * Returns K_stop = floor(tau * N), the number of decided positions (anchors plus committed)
     * at which a sequence stops iterative denoising; N when early exit is off.
     */
    public int earlyExitThreshold() {
        if (!earlyExitEnabled()) {
            return generationLength;
        }
        // The small slack keeps floor(0.95 * 20) at 19 despite the binary rounding of 0.95.
        return (int) Math.floor(earlyExitTau * generationLength + 1e-9);
    }

    /** Returns a copy with another seed. */
    public DecodingSettings withSeed(long newSeed) {
        return new DecodingSettings(generationLength, blockLength, steps, temperature, remasking, earlyExitTau, newSeed);
    }

    private static IllegalArgumentException invalid(String field, String problem) {
        return new IllegalArgumentException("invalid decoding setting " + field + ": " + problem);
    }

    private static int largestDivisorUpTo(int value, int limit) {
        for (int candidate = Math.min(value, limit); candidate > 1; candidate--) {
            if (value % candidate == 0) {
                return candidate;
            }
        }
        return 1;
    }
}
