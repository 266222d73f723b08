package org.stpplatform.trainer.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a step waits for groups of the current policy version or accepts bounded staleness. */
public enum RolloutMode {
    SYNC,
    ASYNC;

    @JsonValue
    public String wireName() {
        return WireEnum.wireName(this);
    }

    @JsonCreator
    public static RolloutMode fromWireName(String value) {
        return WireEnum.parse(RolloutMode.class, value, "rollout mode");
    }
}
