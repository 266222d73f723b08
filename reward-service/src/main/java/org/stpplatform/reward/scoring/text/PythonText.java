package org.stpplatform.reward.scoring.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Python 3 {@code str} semantics that the reference reward functions depend on: {@code strip},
 * {@code split}, {@code count}, {@code isdigit}, and the {@code \s} and {@code \d} classes of the
 * {@code re} module on {@code str} patterns. Lengths are counted in UTF-16 units, as Java does;
 * Python counts code points, which differs only for characters outside the Basic Multilingual Plane.
 */
public final class PythonText {

    private PythonText() {
    }

    /**
     * Returns whether Python's {@code str.isspace()} is true for the code point; the same set is
     * matched by {@code \s} in {@code re}.
     */
    public static boolean isSpace(int c) {
        return switch (c) {
            case '\t', '\n', 0x0B, '\f', '\r', 0x1C, 0x1D, 0x1E, 0x1F, ' ', 0x85, 0xA0, 0x1680,
                    0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> c >= 0x2000 && c <= 0x200A;
        };
    }

    /** Returns whether {@code \d} of Python's {@code re} matches the character (Unicode category Nd). */
    public static boolean isDecimalDigit(int c) {
        return Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER;
    }

    /**
     * Returns Python's {@code s.isdigit()}: true for a non-empty string of decimal digits or of the
     * digit characters Python also accepts (superscripts, subscripts, circled digits).
     */
    public static boolean isDigit(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (!isDecimalDigit(c) && !isOtherDigit(c)) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    // NOTE: covers the common characters of Unicode Numeric_Type=Digit (superscripts, subscripts,
    // circled and parenthesized digits); rarer ones such as Kharoshthi digits are not listed.
    private static boolean isOtherDigit(int c) {
        return c == 0xB2 || c == 0xB3 || c == 0xB9
                || c == 0x2070 || (c >= 0x2074 && c <= 0x2079)
                || (c >= 0x2080 && c <= 0x2089)
                || (c >= 0x2460 && c <= 0x2468)
                || (c >= 0x2474 && c <= 0x247C)
                || (c >= 0x2488 && c <= 0x2490)
                || c == 0x24EA || (c >= 0x24F5 && c <= 0x24FD) || c == 0x24FF
                || (c >= 0x2776 && c <= 0x277E) || (c >= 0x2780 && c <= 0x2788) || (c >= 0x278A && c <= 0x2792);
    }

    /** Returns Python's {@code s.strip()}: removes leading and trailing {@link #isSpace} characters. */
    public static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** Returns Python's {@code s.split(separator)}: every part, empty ones included. */
    public static List<String> split(String s, String separator) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        int at;
        while ((at = s.indexOf(separator, from)) >= 0) {
            parts.add(s.substring(from, at));
            from = at + separator.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    /** Returns the last part of Python's {@code s.split(separator)}. */
    public static String lastPart(String s, String separator) {
        int at = s.lastIndexOf(separator);
        return at < 0 ? s : s.substring(at + separator.length());
    }

    /** Returns the first part of Python's {@code s.split(separator)}. */
    public static String firstPart(String s, String separator) {
        int at = s.indexOf(separator);
        return at < 0 ? s : s.substring(0, at);
    }

    /** Returns Python's {@code s.count(sub)}: non-overlapping occurrences from the left. */
    public static int count(String s, String sub) {
        int count = 0;
        int from = 0;
        int at;
        while ((at = s.indexOf(sub, from)) >= 0) {
            count++;
            from = at + sub.length();
        }
        return count;
    }
}
