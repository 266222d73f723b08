package org.stpplatform.rollout.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Scope of a weight push: every base tensor, or only the LoRA adapter tensors. */
public enum WeightKind {
    FULL,
    LORA;

    /** Returns the header and JSON form, e.g. {@code "lora"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the {@code X-Weights-Kind} header value, ignoring case.
     *
     * @throws IllegalArgumentException for any other value; the message lists the accepted ones
     */
    public static WeightKind fromWireName(String value) {
        for (WeightKind kind : values()) {
            if (kind.wireName().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown weights kind '" + value + "', expected one of "
                + Arrays.stream(values()).map(WeightKind::wireName).collect(Collectors.joining(", ")));
    }
}
