package org.stpplatform.trainer.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Handling of a group whose G rewards are all equal; the engine's {@code ZeroSpreadPolicy}
 * constant of the same name. Such a group has zero advantages and adds no policy gradient.
 */
public enum ZeroSpreadName {
    /** Keep the group: its tokens add the KL penalty and count in the token mean (GRPO as published). */
    KEEP,
    /**
     * Leave the group out of the update, as DAPO's dynamic sampling does: the update costs less and
     * the token mean is taken over the groups that carry a gradient.
     */
    SKIP;

    @JsonValue
    public String wireName() {
        return WireEnum.wireName(this);
    }

    @JsonCreator
    public static ZeroSpreadName fromWireName(String value) {
        return WireEnum.parse(ZeroSpreadName.class, value, "zeroSpreadGroups");
    }
}
