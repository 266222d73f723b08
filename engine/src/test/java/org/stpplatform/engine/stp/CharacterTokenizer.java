package org.stpplatform.engine.stp;

import java.util.ArrayList;
import java.util.List;
import org.stpplatform.engine.tokenizer.TextTokenizer;

/** Test tokenizer: one token per printable ASCII character, plus the answer tags, MASK and EOS. */
final class CharacterTokenizer implements TextTokenizer {

    static final int ANSWER_OPEN = 95;
    static final int ANSWER_CLOSE = 96;
    static final int MASK = 97;
    static final int EOS = 98;
    private static final int VOCABULARY = 99;

    @Override
    public int[] encode(String text) {
        List<Integer> ids = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("<answer>", i)) {
                ids.add(ANSWER_OPEN);
                i += "<answer>".length();
            } else if (text.startsWith("</answer>", i)) {
                ids.add(ANSWER_CLOSE);
                i += "</answer>".length();
            } else {
                ids.add(text.charAt(i) - 32);
                i++;
            }
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder text = new StringBuilder();
        for (int id : ids) {
            if (id == ANSWER_OPEN) {
                text.append("<answer>");
            } else if (id == ANSWER_CLOSE) {
                text.append("</answer>");
            } else if (id < ANSWER_OPEN) {
                text.append((char) (id + 32));
            }
        }
        return text.toString();
    }

    @Override
    public int vocabularySize() {
        return VOCABULARY;
    }

    @Override
    public int maskTokenId() {
        return MASK;
    }

    @Override
    public int eosTokenId() {
        return EOS;
    }

    @Override
    public int[] encodePrompt(String systemText, String question) {
        return encode(systemText + question);
    }
}
