package org.stpplatform.trainer.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Log-likelihood estimator of a run; the engine's {@code Estimator} constant of the same name. */
public enum EstimatorName {
    /** Released STP estimate: random masks that never cover anchors, mean over K samples. */
    STP,
    /** Masked-only Monte Carlo ELBO without weighting. */
    ELBO,
    /** Masked-only Monte Carlo ELBO weighted by L / l. */
    ELBO_WEIGHTED,
    /** diffu-GRPO's single forward pass with the completion fully masked. */
    ONE_STEP;

    @JsonValue
    public String wireName() {
        return WireEnum.wireName(this);
    }

    @JsonCreator
    public static EstimatorName fromWireName(String value) {
        return WireEnum.parse(EstimatorName.class, value, "estimator");
    }
}
