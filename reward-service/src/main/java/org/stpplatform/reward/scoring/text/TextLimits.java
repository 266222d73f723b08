package org.stpplatform.reward.scoring.text;

/** Size limits that keep scoring work bounded on adversarial input. */
public final class TextLimits {

    /**
     * Completions longer than this many UTF-16 units keep only their tail. Completions of the
     * supported tasks are at most a few thousand characters and put the answer at the end, so the
     * tail keeps the answer while the work per item stays bounded.
     */
    public static final int MAX_COMPLETION_CHARS = 16 * 1024;

    /** References longer than this keep their tail, for the same reason. */
    public static final int MAX_REFERENCE_CHARS = 8 * 1024;

    private TextLimits() {
    }

    /**
     * Returns the last {@code maxChars} characters of {@code text}, or {@code text} when it is short
     * enough. A null text becomes empty. The cut never splits a surrogate pair.
     */
    public static String tail(String text, int maxChars) {
        if (text == null) {
            return "";
        }
        if (text.length() <= maxChars) {
            return text;
        }
        int start = text.length() - maxChars;
        if (Character.isLowSurrogate(text.charAt(start))) {
            start++;
        }
        return text.substring(start);
    }
}
