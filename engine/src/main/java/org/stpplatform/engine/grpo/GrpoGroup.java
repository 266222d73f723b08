package org.stpplatform.engine.grpo;

import java.util.List;
import java.util.Objects;

/**
 * One prompt with its G scored completions.
 *
 * @param prompt prompt token ids
 * @param completions G completions of N tokens (MASK-free), as generated
 * @param anchors N anchor flags of the canvas the completions started from, or null
 * @param rewards G rewards, in completion order
 */
public record GrpoGroup(int[] prompt, List<int[]> completions, boolean[] anchors, double[] rewards) {

    public GrpoGroup {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(completions, "completions");
        Objects.requireNonNull(rewards, "rewards");
        if (completions.isEmpty() || completions.size() != rewards.length) {
            throw new IllegalArgumentException("group has " + completions.size() + " completions and "
                    + rewards.length + " rewards; give one reward per completion and at least one completion");
        }
        completions = List.copyOf(completions);
    }
}
