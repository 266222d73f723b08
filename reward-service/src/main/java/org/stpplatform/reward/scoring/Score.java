package org.stpplatform.reward.scoring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.stpplatform.common.api.ScoreOutcome;

/**
 * Reward of one completion.
 *
 * @param total sum of the breakdown values
 * @param breakdown points per reward-function name, in the order of {@link RewardScorer#functions}
 * @param outcome correctness outcome; format rewards may be non-zero whatever the outcome
 * @param detail short explanation, e.g. the extracted answer or why parsing failed; never null
 */
public record Score(double total, Map<String, Double> breakdown, ScoreOutcome outcome, String detail) {

    public Score {
        breakdown = Collections.unmodifiableMap(new LinkedHashMap<>(breakdown));
        detail = detail == null ? "" : detail;
    }

    /** Creates a score whose total is the sum of the breakdown values. */
    public static Score of(Map<String, Double> breakdown, ScoreOutcome outcome, String detail) {
        double total = 0.0;
        for (double points : breakdown.values()) {
            total += points;
        }
        return new Score(total, breakdown, outcome, detail);
    }

    /** Returns the points of one reward function, or 0 when the breakdown has no such key. */
    public double points(String functionName) {
        return breakdown.getOrDefault(functionName, 0.0);
    }
}
