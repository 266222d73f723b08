package org.stpplatform.engine.grpo;

import java.util.List;
import java.util.Objects;

/** Group-relative advantages of GRPO and its variants. */
public final class Advantages {

    /** Added to the standard deviation so that a near-constant group does not blow up (GRPO's 1e-4). */
    public static final double STD_EPSILON = 1e-4;

    private Advantages() {
    }

    /**
     * Advantages of every group.
     *
     * @param advantages per group, one advantage per completion; all zeros for a zero-spread group
     * @param skipped per group, true when the group is left out of the loss
     * @param zeroSpreadGroups number of groups whose rewards are all equal, under either policy
     */
    public record GroupAdvantages(List<double[]> advantages, boolean[] skipped, int zeroSpreadGroups) {
    }

    /**
     * Computes advantages within each group. A group of one completion has no spread and is
     * handled as a zero-spread group.
     */
    public static GroupAdvantages compute(List<double[]> groupRewards, AdvantageMode mode, ZeroSpreadPolicy policy) {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(policy, "policy");
        double[][] advantages = new double[groupRewards.size()][];
        boolean[] skipped = new boolean[groupRewards.size()];
        int zeroSpread = 0;
        for (int g = 0; g < groupRewards.size(); g++) {
            double[] rewards = groupRewards.get(g);
            if (rewards.length == 0) {
                throw new IllegalArgumentException("group " + g + " has no rewards");
            }
            if (hasZeroSpread(rewards)) {
                zeroSpread++;
                skipped[g] = policy == ZeroSpreadPolicy.SKIP;
                advantages[g] = new double[rewards.length];
            } else {
                advantages[g] = forGroup(rewards, mode);
            }
        }
        return new GroupAdvantages(List.of(advantages), skipped, zeroSpread);
    }

    /** Computes the advantages of one group with a nonzero reward spread. */
    public static double[] forGroup(double[] rewards, AdvantageMode mode) {
        int size = rewards.length;
        double mean = 0;
        for (double reward : rewards) {
            mean += reward;
        }
        mean /= size;
        double[] advantages = new double[size];
        switch (mode) {
            case STD_NORMALIZED -> {
                double squares = 0;
                for (double reward : rewards) {
                    squares += (reward - mean) * (reward - mean);
                }
                double std = size > 1 ? Math.sqrt(squares / (size - 1)) : 0;
                for (int i = 0; i < size; i++) {
                    advantages[i] = (rewards[i] - mean) / (std + STD_EPSILON);
                }
            }
            case MEAN_ONLY -> {
                for (int i = 0; i < size; i++) {
                    advantages[i] = rewards[i] - mean;
                }
            }
            case LEAVE_ONE_OUT -> {
                double total = mean * size;
                for (int i = 0; i < size; i++) {
                    advantages[i] = size > 1 ? rewards[i] - (total - rewards[i]) / (size - 1) : 0;
                }
            }
            default -> throw new IllegalStateException("unhandled advantage mode " + mode);
        }
        return advantages;
    }

    private static boolean hasZeroSpread(double[] rewards) {
        for (double reward : rewards) {
            if (reward != rewards[0]) {
                return false;
            }
        }
        return true;
    }
}
