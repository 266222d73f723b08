package org.stpplatform.trainer.dataset.countdown;

/**
 * An inclusive integer interval.
 *
 * @param min smallest value
 * @param max largest value, at least {@code min}
 */
public record NumberRange(int min, int max) {

    public NumberRange {
        if (min > max) {
            throw new IllegalArgumentException("range min " + min + " is above max " + max);
        }
    }

    public boolean contains(long value) {
        return value >= min && value <= max;
    }

    /** Parses {@code MIN..MAX}, for example {@code 1..99}. */
    public static NumberRange parse(String text) {
        String[] parts = text.trim().split("\\.\\.");
        if (parts.length != 2) {
            throw new IllegalArgumentException("invalid range '" + text + "'; expected MIN..MAX, e.g. 1..99");
        }
        try {
            return new NumberRange(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid range '" + text + "'; expected MIN..MAX, e.g. 1..99", e);
        }
    }

    @Override
    public String toString() {
        return min + ".." + max;
    }
}
