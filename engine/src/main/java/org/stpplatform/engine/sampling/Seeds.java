package org.stpplatform.engine.sampling;

/**
 * Derives independent 64-bit seeds from a base seed and indices, so that every random draw of the
 * sampler and the estimators depends only on (seed, sequence, step or sample, position) and not on
 * batch composition or thread timing.
 */
public final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /** Mixes a base seed with indices using the SplitMix64 finalizer after each index. */
    public static long mix(long seed, long... indices) {
        long state = finalizeMix(seed);
        for (long index : indices) {
            state = finalizeMix(state + GOLDEN_GAMMA * (index + 1));
        }
        return state;
    }

    private static long finalizeMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
