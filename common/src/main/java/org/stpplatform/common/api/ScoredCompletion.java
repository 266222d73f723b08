package org.stpplatform.common.api;

import java.util.Map;

/**
 * Score of one completion.
 *
 * @param index position of the completion in its request or group, from 0
 * @param text the completion as scored
 * @param reward total reward, the sum of the breakdown values
 * @param breakdown reward per reward-function name
 * @param outcome correctness outcome
 * @param detail short human-readable explanation of the outcome, e.g. the extracted answer; may be null
 */
public record ScoredCompletion(
        int index, String text, double reward, Map<String, Double> breakdown, ScoreOutcome outcome, String detail) {
}
