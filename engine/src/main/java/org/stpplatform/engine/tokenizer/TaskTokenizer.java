package org.stpplatform.engine.tokenizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Small deterministic tokenizer for the built-in task models. It has one token per printable ASCII
 * character and newline, whole tokens for the reasoning and answer tags and for the words of the
 * compact Countdown prompt, and the specials EOS (also padding), MASK, BOS and UNK.
 *
 * <p>Encoding is greedy: at each position the longest whole token that matches wins, otherwise the
 * character's token, otherwise UNK. Decoding inverts it exactly for ASCII text. Immutable.
 */
public final class TaskTokenizer implements TextTokenizer {

    /** Name recorded in checkpoints that use this tokenizer. */
    public static final String NAME = "task-v1";

    public static final int EOS_ID = 0;
    public static final int MASK_ID = 1;
    public static final int UNKNOWN_ID = 2;
    public static final int BOS_ID = 3;

    public static final String REASONING_START = "<reasoning>";
    public static final String REASONING_END = "</reasoning>";
    public static final String ANSWER_START = "<answer>";
    public static final String ANSWER_END = "</answer>";

    /** Whole tokens after the four specials, in id order. */
    private static final List<String> WHOLE_TOKENS = List.of(
            REASONING_START, REASONING_END, ANSWER_START, ANSWER_END, "nums", "target");

    private static final TaskTokenizer INSTANCE = new TaskTokenizer();

    private final List<String> pieces;
    private final Map<String, Integer> wholeTokenIds;
    private final int[] characterIds; // indexed by char code below 128, -1 when absent
    private final int longestWholeToken;

    private TaskTokenizer() {
        List<String> vocabulary = new ArrayList<>(List.of("", "", "\uFFFD", ""));
        Map<String, Integer> whole = new HashMap<>();
        for (String token : WHOLE_TOKENS) {
            whole.put(token, vocabulary.size());
            vocabulary.add(token);
        }
        int[] characters = new int[128];
        java.util.Arrays.fill(characters, -1);
        characters['\n'] = vocabulary.size();
        vocabulary.add("\n");
        for (char c = 32; c < 127; c++) {
            characters[c] = vocabulary.size();
            vocabulary.add(String.valueOf(c));
        }
        this.pieces = Collections.unmodifiableList(vocabulary);
        this.wholeTokenIds = Map.copyOf(whole);
        this.characterIds = characters;
        this.longestWholeToken = WHOLE_TOKENS.stream().mapToInt(String::length).max().orElse(1);
    }

    /** Returns the shared instance. */
    public static TaskTokenizer instance() {
        return INSTANCE;
    }

    /** Size of the vocabulary, including the specials. */
    public static int size() {
        return INSTANCE.pieces.size();
    }

    /**
     * Formats a Countdown instance as the compact prompt the built-in model is trained on, for
     * example {@code nums 44 19 3 target 75}.
     */
    public static String countdownQuestion(List<Integer> numbers, int target) {
        StringBuilder text = new StringBuilder("nums");
        for (int number : numbers) {
            text.append(' ').append(number);
        }
        return text.append(" target ").append(target).toString();
    }

    @Override
    public int[] encode(String text) {
        List<Integer> ids = new ArrayList<>();
        int position = 0;
        while (position < text.length()) {
            int matched = matchWholeToken(text, position);
            if (matched > 0) {
                ids.add(wholeTokenIds.get(text.substring(position, position + matched)));
                position += matched;
                continue;
            }
            char c = text.charAt(position);
            int id = c < 128 ? characterIds[c] : -1;
            ids.add(id < 0 ? UNKNOWN_ID : id);
            // A character outside the basic plane is one unknown token, not two.
            position += Character.isHighSurrogate(c) && position + 1 < text.length() ? 2 : 1;
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private int matchWholeToken(String text, int position) {
        if (text.charAt(position) != '<' && text.charAt(position) != 'n'
                && text.charAt(position) != 't') {
            return 0;
        }
        int longest = Math.min(longestWholeToken, text.length() - position);
        for (int length = longest; length > 0; length--) {
            if (wholeTokenIds.containsKey(text.substring(position, position + length))) {
                return length;
            }
        }
        return 0;
    }

    /** Decodes ids; EOS, MASK and BOS are skipped and UNK becomes U+FFFD. */
    @Override
    public String decode(int[] ids) {
        StringBuilder text = new StringBuilder();
        for (int id : ids) {
            if (id < 0 || id >= pieces.size()) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, "
                        + pieces.size() + ")");
            }
            text.append(pieces.get(id));
        }
        return text.toString();
    }

    @Override
    public int vocabularySize() {
        return pieces.size();
    }

    @Override
    public int maskTokenId() {
        return MASK_ID;
    }

    @Override
    public int eosTokenId() {
        return EOS_ID;
    }

    /**
     * Encodes {@code BOS + question}. The system text is ignored: the built-in models are too small
     * to use a long instruction, so the task format is learned from the training data instead.
     */
    @Override
    public int[] encodePrompt(String systemText, String question) {
        int[] body = encode(question);
        int[] ids = new int[body.length + 1];
        ids[0] = BOS_ID;
        System.arraycopy(body, 0, ids, 1, body.length);
        return ids;
    }
}
