package org.stpplatform.trainer.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Shared parsing of the lowercase, hyphen- or underscore-separated names that run configurations use. */
final class WireEnum {

    private WireEnum() {
    }

    /** Returns the wire form of a constant name: lowercase, underscores kept. */
    static String wireName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name, ignoring case and treating '-' and '_' alike.
     *
     * @throws IllegalArgumentException naming the supported values when nothing matches
     */
    static <E extends Enum<E>> E parse(Class<E> type, String value, String what) {
        if (value != null) {
            String normalized = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(normalized)) {
                    return constant;
                }
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + value + "', expected one of "
                + supportedNames(type));
    }

    /** Returns the JSON names of the constants, as their {@code wireName()} writes them. */
    static <E extends Enum<E>> String supportedNames(Class<E> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(constant -> constant instanceof Algorithm algorithm ? algorithm.wireName() : wireName(constant))
                .collect(Collectors.joining(", "));
    }
}
