package org.stpplatform.reward.scoring.gsm8k;

import org.stpplatform.reward.scoring.Deadline;
import org.stpplatform.reward.scoring.text.PythonText;

/**
 * The three format rewards of d1's {@code reward_func.py} (adopted there from Will Brown's GRPO demo),
 * reimplemented as linear hand scanners that return what the published regular expressions return.
 * Both scoring modes use them unchanged.
 */
public final class FormatRewards {

    public static final double STRICT_FORMAT_POINTS = 0.5;
    public static final double SOFT_FORMAT_POINTS = 0.5;
    public static final double XML_COUNT_MAX_POINTS = 0.5;

    private static final String REASONING_OPEN = "<reasoning>";
    private static final String REASONING_CLOSE = "</reasoning>";
    private static final String STRICT_PREFIX = "<reasoning>\n";
    private static final String STRICT_MIDDLE = "\n</reasoning>\n<answer>\n";
    private static final String STRICT_SUFFIX = "\n</answer>\n";

    private FormatRewards() {
    }

    /**
     * Returns 0.5 when {@code re.match(r"^<reasoning>\n.*?\n</reasoning>\n<answer>\n.*?\n</answer>\n$",
     * text, re.DOTALL)} matches. Python's {@code $} also matches before one final newline, so the text
     * may end with {@code "\n</answer>\n"} or {@code "\n</answer>\n\n"}.
     */
    public static double strictFormat(String text) {
        if (!text.startsWith(STRICT_PREFIX)) {
            return 0.0;
        }
        boolean match = strictBodyMatches(text, text.length())
                || (text.endsWith("\n") && strictBodyMatches(text, text.length() - 1));
        return match ? STRICT_FORMAT_POINTS : 0.0;
    }

    private static boolean strictBodyMatches(String text, int end) {
        int suffixStart = end - STRICT_SUFFIX.length();
        if (suffixStart < STRICT_PREFIX.length() || !text.startsWith(STRICT_SUFFIX, suffixStart)) {
            return false;
        }
        // The lazy groups can stretch over any text, so a match exists when some occurrence of the
        // middle delimiter fits between the prefix and the suffix; the earliest one fits best.
        int middle = text.indexOf(STRICT_MIDDLE, STRICT_PREFIX.length());
        return middle >= 0 && middle + STRICT_MIDDLE.length() <= suffixStart;
    }

    /**
     * Returns 0.5 when {@code re.match(r"<reasoning>.*?</reasoning>\s*<answer>.*?</answer>", text,
     * re.DOTALL)} matches: the text starts with the reasoning tag, some closing reasoning tag is
     * followed by optional whitespace and an answer tag, and a closing answer tag comes after that.
     */
    public static double softFormat(String text, Deadline deadline) {
        if (!text.startsWith(REASONING_OPEN)) {
            return 0.0;
        }
        int lastAnswerClose = text.lastIndexOf("</answer>");
        int close = text.indexOf(REASONING_CLOSE, REASONING_OPEN.length());
        while (close >= 0) {
            deadline.check();
            int i = close + REASONING_CLOSE.length();
            while (i < text.length() && PythonText.isSpace(text.charAt(i))) {
                i++;
            }
            if (text.startsWith("<answer>", i) && lastAnswerClose >= i + "<answer>".length()) {
                return SOFT_FORMAT_POINTS;
            }
            close = text.indexOf(REASONING_CLOSE, close + 1);
        }
        return 0.0;
    }

    /**
     * Returns d1's {@code count_xml}: 0.125 for each of the four tags that occurs exactly once with
     * its newlines, minus 0.001 per character after the closing answer tag. The value can be
     * negative. Lengths count code points, as Python's {@code len} does, and the arithmetic runs in
     * the same order so the double result is bit-identical.
     */
    public static double xmlCount(String text) {
        double count = 0.0;
        if (PythonText.count(text, "<reasoning>\n") == 1) {
            count += 0.125;
        }
        if (PythonText.count(text, "\n</reasoning>\n") == 1) {
            count += 0.125;
        }
        if (PythonText.count(text, "\n<answer>\n") == 1) {
            count += 0.125;
            count -= codePoints(PythonText.lastPart(text, "\n</answer>\n")) * 0.001;
        }
        if (PythonText.count(text, "\n</answer>") == 1) {
            count += 0.125;
            count -= (codePoints(PythonText.lastPart(text, "\n</answer>")) - 1) * 0.001;
        }
        return count;
    }

    private static int codePoints(String s) {
        return s.codePointCount(0, s.length());
    }
}
