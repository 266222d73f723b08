package org.stpplatform.reward.scoring;

/**
 * One reward function of a task.
 *
 * @param name key of this function in {@link Score#breakdown()}
 * @param maxPoints the largest value the function can contribute
 * @param description what the function rewards
 */
public record RewardFunctionInfo(String name, double maxPoints, String description) {
}
