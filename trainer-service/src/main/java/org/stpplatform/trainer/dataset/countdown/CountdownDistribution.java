package org.stpplatform.trainer.dataset.countdown;

import java.util.Locale;

/**
 * The instance distribution of a Countdown dataset.
 *
 * @param name short identifier used in recipes and logs
 * @param numberCount how many numbers each instance gives
 * @param numbers range of each given number
 * @param targets range of the target
 */
public record CountdownDistribution(String name, int numberCount, NumberRange numbers, NumberRange targets) {

    /** The public Countdown distribution: 3 numbers from 1..99, target 10..100. */
    public static final CountdownDistribution REAL =
            new CountdownDistribution("real", 3, new NumberRange(1, 99), new NumberRange(10, 100));

    /** Smaller numbers for models that the real distribution is out of reach for. */
    public static final CountdownDistribution SMALL =
            new CountdownDistribution("small", 3, new NumberRange(1, 20), new NumberRange(10, 50));

    public CountdownDistribution {
        if (numberCount < 2 || numberCount > 4) {
            throw new IllegalArgumentException("numberCount must be in 2..4, got " + numberCount);
        }
        if (numbers.min() < 1) {
            throw new IllegalArgumentException("numbers must be positive, got range " + numbers);
        }
    }

    /**
     * Parses a preset name ({@code real}, {@code small}) or a custom form
     * {@code COUNT:NUMBERS:TARGETS}, for example {@code 3:1..30:10..60}.
     */
    public static CountdownDistribution parse(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        if (trimmed.equals(REAL.name)) {
            return REAL;
        }
        if (trimmed.equals(SMALL.name)) {
            return SMALL;
        }
        String[] parts = trimmed.split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("invalid Countdown distribution '" + text
                    + "'; expected 'real', 'small' or COUNT:NUMBERS:TARGETS such as 3:1..30:10..60");
        }
        int count;
        try {
            count = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid number count '" + parts[0] + "' in '" + text + "'", e);
        }
        return new CountdownDistribution(trimmed, count, NumberRange.parse(parts[1]), NumberRange.parse(parts[2]));
    }
}
