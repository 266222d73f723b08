package org.stpplatform.engine.stp;

import org.stpplatform.engine.tokenizer.TextTokenizer;

/**
 * Finds the tokens of a completion that lie inside {@code <answer>...</answer>} content or
 * {@code \boxed{...}} content.
 */
final class AnswerSpans {

    private static final String ANSWER_OPEN = "<answer>";
    private static final String ANSWER_CLOSE = "</answer>";
    private static final String BOXED_OPEN = "\\boxed{";

    private AnswerSpans() {
    }

    /**
     * Marks every token whose decoded characters overlap answer content.
     *
     * <p>Token i covers the characters between decode(tokens[0..i)) and decode(tokens[0..i]),
     * which keeps subword spacing right for tokenizers whose pieces do not decode alone. An
     * answer tag without its closing tag, or a {@code \boxed{} without its closing brace, extends
     * to the end of the text, so an unfinished answer is never anchored.
     */
    static boolean[] mark(int[] tokens, TextTokenizer tokenizer) {
        int[] ends = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            ends[i] = tokenizer.decode(java.util.Arrays.copyOf(tokens, i + 1)).length();
        }
        String text = tokenizer.decode(tokens);
        boolean[] content = contentCharacters(text);
        boolean[] marked = new boolean[tokens.length];
        int start = 0;
        for (int i = 0; i < tokens.length; i++) {
            int end = Math.min(Math.max(ends[i], start), text.length());
            for (int c = start; c < end; c++) {
                if (content[c]) {
                    marked[i] = true;
                    break;
                }
            }
            start = end;
        }
        return marked;
    }

    /** Returns, per character of {@code text}, whether it lies inside answer or boxed content. */
    static boolean[] contentCharacters(String text) {
        boolean[] content = new boolean[text.length()];
        int from = 0;
        while (true) {
            int open = text.indexOf(ANSWER_OPEN, from);
            if (open < 0) {
                break;
            }
            int contentStart = open + ANSWER_OPEN.length();
            int close = text.indexOf(ANSWER_CLOSE, contentStart);
            int contentEnd = close < 0 ? text.length() : close;
            java.util.Arrays.fill(content, contentStart, contentEnd, true);
            from = close < 0 ? text.length() : close + ANSWER_CLOSE.length();
        }
        from = 0;
        while (true) {
            int open = text.indexOf(BOXED_OPEN, from);
            if (open < 0) {
                break;
            }
            int contentStart = open + BOXED_OPEN.length();
            int contentEnd = matchingBrace(text, contentStart);
            java.util.Arrays.fill(content, contentStart, contentEnd, true);
            from = Math.max(contentEnd, contentStart);
        }
        return content;
    }

    /** Returns the index of the brace closing the group that starts at {@code start}, or the text length. */
    private static int matchingBrace(String text, int start) {
        int depth = 1;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return text.length();
    }
}
