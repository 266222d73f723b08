package org.stpplatform.engine.stp;

import java.util.Arrays;
import java.util.Locale;

/** Rule that decides which prior tokens stay masked; the others become anchors. */
public enum AnchorStrategy {
    /** Answer span always masked; of the rest, the fraction rho with the lowest prior score masked. */
    MASK_ANSWER_LOW_CONFIDENCE,
    /** Each token masked with probability rho; no answer rule. */
    RANDOM,
    /** Answer span always masked; each other token masked with probability rho. */
    MASK_ANSWER,
    /** The fraction rho with the lowest prior score masked; no answer rule. */
    LOW_CONFIDENCE;

    /** Returns true when the strategy always masks the answer span. */
    public boolean masksAnswer() {
        return this == MASK_ANSWER_LOW_CONFIDENCE || this == MASK_ANSWER;
    }

    /** Returns true when the strategy masks by lowest prior score rather than at random. */
    public boolean usesScores() {
        return this == MASK_ANSWER_LOW_CONFIDENCE || this == LOW_CONFIDENCE;
    }

    /**
     * Parses a strategy name such as {@code mask_answer_low_confidence} (case and dashes ignored).
     *
     * @throws IllegalArgumentException listing the supported names
     */
    public static AnchorStrategy parse(String name) {
        String normalized = name == null ? "" : name.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (AnchorStrategy strategy : values()) {
            if (strategy.name().equals(normalized)) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("unknown anchor strategy '" + name + "'; supported: "
                + Arrays.toString(Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toArray()));
    }
}
