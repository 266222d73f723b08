package org.stpplatform.trainer.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * RL algorithm of a run. Each one fixes the defaults of the estimator, spatial pruning and early
 * exit; a run may still override them.
 */
public enum Algorithm {
    /** Pruned-ELBO GRPO with static anchors and early exit (the STP paper's method). */
    STP("stp", EstimatorName.STP, true),
    /** diffu-GRPO (d1): one-step estimator, completion fully masked, prompt tokens masked at 15 %. */
    DIFFU_GRPO("diffu-grpo", EstimatorName.ONE_STEP, false),
    /** GRPO on the unpruned Monte Carlo ELBO estimate, no anchors, no early exit. */
    ELBO_GRPO("elbo-grpo", EstimatorName.ELBO, false);

    private final String wireName;
    private final EstimatorName defaultEstimator;
    private final boolean pruningByDefault;

    Algorithm(String wireName, EstimatorName defaultEstimator, boolean pruningByDefault) {
        this.wireName = wireName;
        this.defaultEstimator = defaultEstimator;
        this.pruningByDefault = pruningByDefault;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public EstimatorName defaultEstimator() {
        return defaultEstimator;
    }

    /** Returns whether spatial pruning and early exit are on unless the run turns them off. */
    public boolean pruningByDefault() {
        return pruningByDefault;
    }

    @JsonCreator
    public static Algorithm fromWireName(String value) {
        return WireEnum.parse(Algorithm.class, value, "algorithm");
    }
}
