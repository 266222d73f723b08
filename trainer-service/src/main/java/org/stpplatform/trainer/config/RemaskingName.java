package org.stpplatform.trainer.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Remasking rule of the sampler; the engine's {@code Remasking} constant of the same name. */
public enum RemaskingName {
    LOW_CONFIDENCE,
    RANDOM;

    @JsonValue
    public String wireName() {
        return WireEnum.wireName(this);
    }

    @JsonCreator
    public static RemaskingName fromWireName(String value) {
        return WireEnum.parse(RemaskingName.class, value, "remasking");
    }
}
