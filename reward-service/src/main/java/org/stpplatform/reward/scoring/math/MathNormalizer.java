package org.stpplatform.reward.scoring.math;

import java.util.Locale;
import java.util.Set;
import org.stpplatform.reward.scoring.Deadline;

/**
 * Strict string normalisation of a MATH answer before it is parsed: removes sizing and spacing
 * commands, math delimiters, degrees, percent signs and units, unwraps {@code \text{}}-style groups,
 * maps {@code \dfrac}/{@code \tfrac} to {@code \frac} and joins thousands separators that form true
 * 3-digit groups ({@code 12,500} but not {@code 0,3} or {@code 1,23}).
 */
final class MathNormalizer {

    /** Escaped braces become these private-use characters so that they read as set brackets. */
    static final char SET_OPEN = '\uE000';
    static final char SET_CLOSE = '\uE001';

    /** Normalised answer; {@code wholeText} is true when the answer was one {@code \text{}} group. */
    record Normalized(String text, boolean wholeText) {

        /** Returns the text without whitespace, for string comparison. */
        String compact() {
            StringBuilder out = new StringBuilder(text.length());
            for (int i = 0; i < text.length(); i++) {
                if (!Character.isWhitespace(text.charAt(i))) {
                    out.append(text.charAt(i));
                }
            }
            return out.toString();
        }
    }

    private static final Set<String> DROPPED_COMMANDS = Set.of("left", "right", "big", "Big", "bigg", "Bigg",
            "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "displaystyle", "textstyle", "circ", "degree",
            "quad", "qquad", "limits", "nolimits");

    private static final Set<String> TEXT_COMMANDS = Set.of("text", "textbf", "textit", "textrm", "textnormal",
            "mathrm", "mathbf", "mathit", "mbox", "textsf", "mathsf", "operatorname");

    /** Unit words dropped after a value; single letters are absent because they are usually variables. */
    private static final Set<String> UNIT_WORDS = Set.of("degree", "degrees", "deg", "cm", "mm", "km", "meter",
            "meters", "metre", "metres", "inch", "inches", "in", "ft", "foot", "feet", "yard", "yards", "yd",
            "mile", "miles", "mi", "unit", "units", "square", "sq", "cubic", "cents", "cent", "dollars", "dollar",
            "seconds", "second", "sec", "minutes", "minute", "min", "hours", "hour", "hr", "hrs", "days", "day",
            "weeks", "week", "months", "month", "years", "year", "mph", "pounds", "pound", "lb", "lbs", "ounces",
            "ounce", "oz", "grams", "gram", "kg", "kilograms", "liters", "liter", "litres", "ml", "gallons",
            "gallon", "percent", "per", "radians", "radian", "rad", "points", "point", "people", "students",
            "ways", "times", "cm^2", "m^2", "ft^2", "in^2", "cm^3", "m^3", "ft^3", "in^3");

    private MathNormalizer() {
    }

    static Normalized normalize(String raw, Deadline deadline) {
        String trimmed = raw.strip();
        boolean wholeText = isWholeTextGroup(trimmed, deadline);
        String text = rewrite(trimmed, deadline);
        if (!wholeText) {
            text = dropTrailingUnits(text);
        }
        text = joinThousands(text.strip(), deadline);
        return new Normalized(text, wholeText);
    }

    /** Returns whether the answer is exactly one text command with a braced argument. */
    private static boolean isWholeTextGroup(String s, Deadline deadline) {
        if (!s.startsWith("\\")) {
            return false;
        }
        int i = 1;
        while (i < s.length() && Character.isLetter(s.charAt(i))) {
            i++;
        }
        if (!TEXT_COMMANDS.contains(s.substring(1, i)) || i >= s.length() || s.charAt(i) != '{') {
            return false;
        }
        return BoxedAnswers.matchingBrace(s, i, deadline) == s.length() - 1;
    }

    private static String rewrite(String s, Deadline deadline) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            deadline.check();
            char c = s.charAt(i);
            if (c == '\\') {
                i = rewriteCommand(s, i, out, deadline);
                continue;
            }
            if (c == '^' && s.startsWith("^{\\circ}", i)) {
                i += "^{\\circ}".length();
                continue;
            }
            if (c == '^' && s.startsWith("^\\circ", i)) {
                i += "^\\circ".length();
                continue;
            }
            if (c == '{' && s.startsWith("{,}", i)) {
                i += 3;
                continue;
            }
            switch (c) {
                case '$', '%', '\u00B0' -> { }
                case '~', '\n', '\r', '\t' -> out.append(' ');
                case '\u2212' -> out.append('-');
                case '\u00D7', '\u00B7', '\u22C5' -> out.append('*');
                case '\u00F7' -> out.append('/');
                case '\u03C0' -> out.append("\\pi ");
                case '\u221E' -> out.append("\\infty ");
                case '\u2264' -> out.append("\\le ");
                case '\u2265' -> out.append("\\ge ");
                default -> out.append(c);
            }
            i++;
        }
        return out.toString();
    }

    /** Rewrites the command at {@code start} into {@code out}; returns the index after it. */
    private static int rewriteCommand(String s, int start, StringBuilder out, Deadline deadline) {
        int i = start + 1;
        if (i >= s.length()) {
            return i;
        }
        char next = s.charAt(i);
        if (!Character.isLetter(next)) {
            switch (next) {
                case '!', ',', ';', ':', ' ' -> out.append(' ');
                case '$', '%' -> { }
                case '{' -> out.append(SET_OPEN);
                case '}' -> out.append(SET_CLOSE);
                case '\\' -> out.append("\\\\");
                default -> out.append('\\').append(next);
            }
            return i + 1;
        }
        while (i < s.length() && Character.isLetter(s.charAt(i))) {
            i++;
        }
        String name = s.substring(start + 1, i);
        if (DROPPED_COMMANDS.contains(name)) {
            out.append(' ');
            return i;
        }
        if (TEXT_COMMANDS.contains(name) && i < s.length() && s.charAt(i) == '{') {
            int close = BoxedAnswers.matchingBrace(s, i, deadline);
            if (close > 0) {
                String inner = s.substring(i + 1, close).strip();
                String lower = inner.toLowerCase(Locale.ROOT);
                if (lower.equals("and") || lower.equals("or") || lower.equals(",")) {
                    out.append(',');
                } else {
                    out.append(' ').append(rewrite(inner, deadline)).append(' ');
                }
                return close + 1;
            }
        }
        switch (name) {
            case "dfrac", "tfrac", "cfrac" -> out.append("\\frac");
            case "dbinom", "tbinom" -> out.append("\\binom");
            case "le", "leq", "leqslant" -> out.append("\\le");
            case "ge", "geq", "geqslant" -> out.append("\\ge");
            case "lbrace" -> out.append(SET_OPEN);
            case "rbrace" -> out.append(SET_CLOSE);
            case "langle" -> out.append('\u27E8');
            case "rangle" -> out.append('\u27E9');
            default -> out.append('\\').append(name);
        }
        if (i < s.length() && Character.isLetter(s.charAt(i))) {
            out.append(' ');
        }
        return i;
    }

    /**
     * Drops unit words (also those unwrapped from {@code \text{}}) at the end of an answer when a
     * value precedes them: {@code 8cm}, {@code 150/7 degrees}, {@code 5 square units}, {@code 3 cm^2}.
     */
    static String dropTrailingUnits(String text) {
        String s = text.stripTrailing();
        while (true) {
            int end = s.length();
            for (String power : new String[] {"^2", "^3", "^{2}", "^{3}"}) {
                if (s.endsWith(power)) {
                    end -= power.length();
                    break;
                }
            }
            while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
                end--;
            }
            int start = end;
            while (start > 0 && isAsciiLetter(s.charAt(start - 1))) {
                start--;
            }
            if (start == end || start == 0 || s.charAt(start - 1) == '\\') {
                return s;
            }
            if (!UNIT_WORDS.contains(s.substring(start, end).toLowerCase(Locale.ROOT))) {
                return s;
            }
            String rest = s.substring(0, start).stripTrailing();
            if (rest.isEmpty()) {
                return s;
            }
            char before = rest.charAt(rest.length() - 1);
            boolean spaced = rest.length() < start;
            if (!spaced && !isDigit(before) && before != '}' && before != ')') {
                return s;
            }
            s = rest;
        }
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /**
     * Joins digit groups separated by commas when they form thousands: 1 to 3 leading digits not
     * starting with 0, then groups of exactly 3 digits, with no digit or decimal point directly
     * before and no digit directly after.
     */
    static String joinThousands(String s, Deadline deadline) {
        if (s.indexOf(',') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            deadline.check();
            char c = s.charAt(i);
            boolean numberStart = isDigit(c) && (i == 0 || (!isDigit(s.charAt(i - 1)) && s.charAt(i - 1) != '.'));
            if (!numberStart) {
                out.append(c);
                i++;
                continue;
            }
            int end = i;
            while (end < s.length() && isDigit(s.charAt(end))) {
                end++;
            }
            int leading = end - i;
            int groupsEnd = end;
            if (leading <= 3 && c != '0') {
                while (groupsEnd + 3 < s.length() && s.charAt(groupsEnd) == ','
                        && isDigit(s.charAt(groupsEnd + 1)) && isDigit(s.charAt(groupsEnd + 2))
                        && isDigit(s.charAt(groupsEnd + 3))
                        && (groupsEnd + 4 >= s.length() || !isDigit(s.charAt(groupsEnd + 4)))) {
                    groupsEnd += 4;
                }
            }
            if (groupsEnd == end) {
                out.append(s, i, end);
            } else {
                for (int k = i; k < groupsEnd; k++) {
                    if (s.charAt(k) != ',') {
                        out.append(s.charAt(k));
                    }
                }
            }
            i = groupsEnd;
        }
        return out.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
