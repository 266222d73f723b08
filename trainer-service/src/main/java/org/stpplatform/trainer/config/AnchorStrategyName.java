package org.stpplatform.trainer.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Spatial pruning strategy of a run, or {@link #OFF}. The other constants match the engine's
 * {@code AnchorSelector.AnchorStrategy} by name.
 */
public enum AnchorStrategyName {
    OFF,
    /** Answer content stays masked; of the rest, the rho fraction with the lowest prior score is masked. */
    MASK_ANSWER_LOW_CONFIDENCE,
    /** Each prior token is masked with probability rho. */
    RANDOM,
    /** Answer content stays masked; of the rest, each token is masked with probability rho. */
    MASK_ANSWER,
    /** The rho fraction with the lowest prior score is masked, with no answer rule. */
    LOW_CONFIDENCE;

    @JsonValue
    public String wireName() {
        return WireEnum.wireName(this);
    }

    @JsonCreator
    public static AnchorStrategyName fromWireName(String value) {
        return WireEnum.parse(AnchorStrategyName.class, value, "anchor strategy");
    }
}
