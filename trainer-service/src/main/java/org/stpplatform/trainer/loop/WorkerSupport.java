package org.stpplatform.trainer.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.stpplatform.trainer.config.RunConfig;
import org.stpplatform.trainer.dataset.PromptTemplates;
import org.stpplatform.trainer.dataset.TaskExample;

/** Small pure helpers of the run loop. */
final class WorkerSupport {

    private WorkerSupport() {
    }

    /** Returns the run's system text: the configured one, or the task's default template. */
    static String systemText(RunConfig config) {
        String configured = config.dataset().systemPrompt();
        return configured != null ? configured : PromptTemplates.systemText(config.task());
    }

    /**
     * Chooses the prompts of step {@code step} (counted from 1): the step takes the next
     * {@code count} positions of a walk through epoch permutations of the pool, each permutation a
     * shuffle seeded with (seed, epoch). No prompt repeats before the pool is used up, the prompts
     * of one step are distinct, and a resumed run draws the same prompts again.
     *
     * @throws IllegalArgumentException when the pool has fewer examples than {@code count}
     */
    static List<TaskExample> promptsOfStep(List<TaskExample> pool, int count, long seed, long step) {
        if (pool.size() < count) {
            throw new IllegalArgumentException("the training set has " + pool.size() + " prompts, fewer than "
                    + "promptsPerStep " + count + "; lower promptsPerStep or raise dataset.trainSize");
        }
        if (step < 1) {
            throw new IllegalArgumentException("step " + step + " must be at least 1");
        }
        int size = pool.size();
        // Steps never straddle an epoch. An epoch contains floor(size / count) whole steps and skips
        // the positions left over at its end, so the prompts of one step stay distinct.
        long stepsPerEpoch = size / count;
        long epoch = (step - 1) / stepsPerEpoch;
        int offset = (int) (((step - 1) % stepsPerEpoch) * count);
        List<Integer> order = epochOrder(size, seed, epoch);
        List<TaskExample> chosen = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            chosen.add(pool.get(order.get(offset + i)));
        }
        return chosen;
    }

    private static List<Integer> epochOrder(int size, long seed, long epoch) {
        List<Integer> order = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new Random(mix(seed, epoch)));
        return order;
    }

    /** Mixes a seed with a counter (SplitMix64 finaliser), for independent per-step seeds. */
    static long mix(long seed, long counter) {
        long z = seed + 0x9E3779B97F4A7C15L * (counter + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
