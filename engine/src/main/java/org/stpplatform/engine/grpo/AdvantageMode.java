package org.stpplatform.engine.grpo;

import java.util.Arrays;
import java.util.Locale;

/** Rule that turns the rewards of a group of G completions into advantages. */
public enum AdvantageMode {
    /** GRPO: A_i = (r_i - mean) / (std + 1e-4) with the unbiased standard deviation. */
    STD_NORMALIZED,
    /** diffu-GRPO (d1): A_i = r_i - mean. */
    MEAN_ONLY,
    /** RLOO: A_i = r_i - mean of the other G - 1 rewards. */
    LEAVE_ONE_OUT;

    /**
     * Parses a mode name such as {@code leave-one-out} (case and dashes ignored).
     *
     * @throws IllegalArgumentException listing the supported names
     */
    public static AdvantageMode parse(String name) {
        String normalized = name == null ? "" : name.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (AdvantageMode mode : values()) {
            if (mode.name().equals(normalized)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown advantage mode '" + name + "'; supported: "
                + Arrays.toString(Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toArray()));
    }
}
