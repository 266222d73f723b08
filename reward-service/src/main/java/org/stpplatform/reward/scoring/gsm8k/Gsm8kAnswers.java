package org.stpplatform.reward.scoring.gsm8k;

import org.stpplatform.reward.scoring.Deadline;
import org.stpplatform.reward.scoring.Rational;
import org.stpplatform.reward.scoring.text.AnswerTags;

/**
 * Strict GSM8K answer extraction and number normalisation. The final answer is the last of the
 * answer-tag content and the {@code ####} line; its value is the last number in it, read as an
 * exact decimal (thousands separators in 3-digit groups, currency signs, markdown and a trailing
 * period are skipped; {@code −} counts as a minus sign; {@code a/b} is a fraction).
 */
public final class Gsm8kAnswers {

    private static final String HASH_MARKER = "####";

    private Gsm8kAnswers() {
    }

    /**
     * Returns the text of the final answer, or null when the completion has neither an answer tag
     * nor a {@code ####} marker. An answer tag without its closing tag runs to the end of the text.
     */
    public static String finalAnswerText(String completion) {
        int open = completion.lastIndexOf(AnswerTags.OPEN);
        int hash = completion.lastIndexOf(HASH_MARKER);
        if (open < 0 && hash < 0) {
            return null;
        }
        if (hash > open) {
            int start = hash + HASH_MARKER.length();
            int end = completion.indexOf('\n', start);
            int close = completion.indexOf(AnswerTags.CLOSE, start);
            end = end < 0 ? completion.length() : end;
            if (close >= 0 && close < end) {
                end = close;
            }
            return completion.substring(start, end);
        }
        int start = open + AnswerTags.OPEN.length();
        int close = completion.indexOf(AnswerTags.CLOSE, start);
        return completion.substring(start, close < 0 ? completion.length() : close);
    }

    /**
     * Returns the gold text of a reference: the text after its last {@code ####}, or the whole
     * reference when it has none.
     */
    public static String goldText(String reference) {
        int hash = reference.lastIndexOf(HASH_MARKER);
        return hash < 0 ? reference : reference.substring(hash + HASH_MARKER.length());
    }

    /** Returns the value of the last number in {@code text}, or null when it contains none. */
    public static Rational lastNumber(String text, Deadline deadline) {
        Rational last = null;
        int i = 0;
        int length = text.length();
        while (i < length) {
            deadline.check();
            char c = text.charAt(i);
            if (!isDigit(c) && !(c == '.' && i + 1 < length && isDigit(text.charAt(i + 1)))) {
                i++;
                continue;
            }
            int start = i;
            NumberToken number = readNumber(text, i);
            i = number.end;
            Rational value = number.value;
            // A fraction a/b written with plain integers is one number.
            if (number.integerOnly && i + 1 < length && text.charAt(i) == '/' && isDigit(text.charAt(i + 1))) {
                NumberToken denominator = readNumber(text, i + 1);
                if (denominator.integerOnly && denominator.value.signum() != 0) {
                    value = value.divide(denominator.value);
                    i = denominator.end;
                }
            }
            last = hasMinusSign(text, start) ? value.negate() : value;
        }
        return last;
    }

    private record NumberToken(Rational value, int end, boolean integerOnly) {
    }

    /** Reads digits with optional 3-digit comma groups and an optional decimal fraction. */
    private static NumberToken readNumber(String text, int start) {
        int length = text.length();
        StringBuilder digits = new StringBuilder();
        int i = start;
        while (i < length && isDigit(text.charAt(i))) {
            digits.append(text.charAt(i++));
        }
        boolean groupable = digits.length() >= 1 && digits.length() <= 3 && digits.charAt(0) != '0';
        while (groupable && i + 3 < length && text.charAt(i) == ',' && isDigit(text.charAt(i + 1))
                && isDigit(text.charAt(i + 2)) && isDigit(text.charAt(i + 3))
                && (i + 4 >= length || !isDigit(text.charAt(i + 4)))) {
            digits.append(text, i + 1, i + 4);
            i += 4;
        }
        boolean integerOnly = true;
        if (i + 1 < length && text.charAt(i) == '.' && isDigit(text.charAt(i + 1))) {
            integerOnly = false;
            digits.append('.');
            i++;
            while (i < length && isDigit(text.charAt(i))) {
                digits.append(text.charAt(i++));
            }
        }
        return new NumberToken(Rational.parseDecimal(digits), i, integerOnly);
    }

    /**
     * Returns whether a minus sign ({@code -} or U+2212) directly precedes the number, allowing a
     * currency sign or markdown between them, and is not a hyphen or binary minus after a word,
     * digit or closing bracket.
     */
    private static boolean hasMinusSign(String text, int numberStart) {
        int i = numberStart - 1;
        while (i >= 0 && isSkippableBeforeNumber(text.charAt(i))) {
            i--;
        }
        if (i < 0 || (text.charAt(i) != '-' && text.charAt(i) != '\u2212')) {
            return false;
        }
        int before = i - 1;
        while (before >= 0 && text.charAt(before) == ' ') {
            before--;
        }
        if (before < 0) {
            return true;
        }
        char c = text.charAt(before);
        return !Character.isLetterOrDigit(c) && c != ')' && c != ']' && c != '.';
    }

    private static boolean isSkippableBeforeNumber(char c) {
        return c == '$' || c == '\u20AC' || c == '\u00A3' || c == '\u00A5' || c == '\u20B9' || c == '*'
                || c == '_' || c == '`' || c == '\\';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
