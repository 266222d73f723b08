package org.stpplatform.engine.sampling;

/** Number of positions that each step of a block commits. */
public final class TransferSchedule {

    private TransferSchedule() {
    }

    /**
     * Spreads {@code maskedCount} positions evenly over {@code steps} steps, the remainder going
     * one each to the earliest steps (as LLaDA's {@code get_num_transfer_tokens}).
     *
     * @return {@code steps} counts that sum to {@code maskedCount}
     */
    public static int[] counts(int maskedCount, int steps) {
        if (maskedCount < 0 || steps <= 0) {
            throw new IllegalArgumentException("maskedCount must be >= 0 and steps > 0, got "
                    + maskedCount + " and " + steps);
        }
        int[] counts = new int[steps];
        int base = maskedCount / steps;
        int remainder = maskedCount % steps;
        for (int step = 0; step < steps; step++) {
            counts[step] = base + (step < remainder ? 1 : 0);
        }
        return counts;
    }
}
