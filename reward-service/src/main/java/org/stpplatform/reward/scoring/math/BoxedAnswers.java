package org.stpplatform.reward.scoring.math;

import org.stpplatform.reward.scoring.Deadline;

/**
 * Strict extraction of the last {@code \boxed{...}} or {@code \fbox{...}} group with brace matching.
 * Escaped braces ({@code \{}, {@code \}}) do not count as group braces. The last box is taken even
 * when it is unclosed, so a truncated final answer is reported as such instead of falling back to
 * an earlier box.
 */
final class BoxedAnswers {

    /** Result of an extraction; {@code content} is null unless {@code status} is FOUND. */
    record Extraction(Status status, String content) {
    }

    enum Status { FOUND, NO_BOX, UNCLOSED }

    private static final String[] COMMANDS = {"\\boxed", "\\fbox"};

    private BoxedAnswers() {
    }

    /** Returns the content of the last box in {@code text}. */
    static Extraction lastBox(String text, Deadline deadline) {
        int start = -1;
        String command = null;
        for (String candidate : COMMANDS) {
            int at = lastCommand(text, candidate);
            if (at > start) {
                start = at;
                command = candidate;
            }
        }
        if (start < 0) {
            return new Extraction(Status.NO_BOX, null);
        }
        int i = start + command.length();
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i >= text.length()) {
            return new Extraction(Status.UNCLOSED, null);
        }
        if (text.charAt(i) != '{') {
            // "\boxed 5": the argument is the following token, up to whitespace or "$".
            int end = i;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '$') {
                end++;
            }
            return new Extraction(Status.FOUND, text.substring(i, end));
        }
        int close = matchingBrace(text, i, deadline);
        if (close < 0) {
            return new Extraction(Status.UNCLOSED, null);
        }
        return new Extraction(Status.FOUND, text.substring(i + 1, close));
    }

    /** Returns the start of the last occurrence of the command that is not a prefix of a longer name. */
    private static int lastCommand(String text, String command) {
        int at = text.lastIndexOf(command);
        while (at >= 0) {
            int after = at + command.length();
            if (after >= text.length() || !Character.isLetter(text.charAt(after))) {
                return at;
            }
            at = text.lastIndexOf(command, at - 1);
        }
        return -1;
    }

    /**
     * Returns the index of the brace that closes the one at {@code open}, or -1 when it never closes.
     */
    static int matchingBrace(String text, int open, Deadline deadline) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            deadline.check();
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }
}
