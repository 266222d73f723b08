package org.stpplatform.trainer.dataset.countdown;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Seeded generator of solvable Countdown instances.
 *
 * <p>Each instance draws its numbers uniformly (with repetition) from the distribution's range,
 * then draws the target uniformly among the values in the target range that the numbers reach
 * with + - * and exact / and non-negative intermediate results, each number used once. Numbers
 * that reach no target in range are drawn again. The same seed gives the same list.
 */
public final class CountdownGenerator {

    /** Draws allowed per requested instance before giving up, because the ranges are too narrow. */
    private static final int MAX_DRAWS_PER_INSTANCE = 10_000;

    private final CountdownDistribution distribution;
    private final HeldOutSplit split;
    private final CountdownSolver solver = new CountdownSolver();

    public CountdownGenerator(CountdownDistribution distribution, HeldOutSplit split) {
        this.distribution = distribution;
        this.split = split;
    }

    public CountdownDistribution distribution() {
        return distribution;
    }

    /** Returns {@code count} training instances (never held-out); problems may repeat. */
    public List<SolvedInstance> training(int count, long seed) {
        return generate(count, seed, false, false);
    }

    /** Returns {@code count} distinct held-out instances. */
    public List<SolvedInstance> heldOut(int count, long seed) {
        return generate(count, seed, true, true);
    }

    private List<SolvedInstance> generate(int count, long seed, boolean heldOut, boolean distinct) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be non-negative, got " + count);
        }
        Random random = new Random(seed);
        List<SolvedInstance> instances = new ArrayList<>(count);
        Set<String> seenKeys = new HashSet<>();
        long draws = 0;
        while (instances.size() < count) {
            if (++draws > (long) MAX_DRAWS_PER_INSTANCE * Math.max(count, 1)) {
                throw new IllegalStateException("found only " + instances.size() + " of " + count
                        + (heldOut ? " held-out" : " training") + " instances in distribution "
                        + distribution.name() + "; widen its ranges or ask for fewer");
            }
            SolvedInstance candidate = draw(random);
            if (candidate == null || split.isHeldOut(candidate.instance()) != heldOut) {
                continue;
            }
            if (distinct && !seenKeys.add(candidate.instance().canonicalKey())) {
                continue;
            }
            instances.add(candidate);
        }
        return instances;
    }

    /** Draws one instance, or returns null when the drawn numbers reach no target in range. */
    private SolvedInstance draw(Random random) {
        NumberRange numberRange = distribution.numbers();
        List<Integer> numbers = new ArrayList<>(distribution.numberCount());
        for (int i = 0; i < distribution.numberCount(); i++) {
            numbers.add(numberRange.min() + random.nextInt(numberRange.max() - numberRange.min() + 1));
        }
        List<Map.Entry<Long, CountdownSolution>> inRange = new ArrayList<>();
        for (Map.Entry<Long, CountdownSolution> entry : solver.integerReachable(numbers).entrySet()) {
            if (distribution.targets().contains(entry.getKey())) {
                inRange.add(entry);
            }
        }
        if (inRange.isEmpty()) {
            return null;
        }
        inRange.sort(Map.Entry.comparingByKey());
        Map.Entry<Long, CountdownSolution> chosen = inRange.get(random.nextInt(inRange.size()));
        CountdownInstance instance = new CountdownInstance(numbers, Math.toIntExact(chosen.getKey()));
        return new SolvedInstance(instance, chosen.getValue());
    }
}
