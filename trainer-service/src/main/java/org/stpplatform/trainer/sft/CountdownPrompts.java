package org.stpplatform.trainer.sft;

import java.util.Arrays;
import org.stpplatform.engine.tokenizer.TextTokenizer;
import org.stpplatform.trainer.dataset.countdown.CountdownInstance;
import org.stpplatform.trainer.dataset.countdown.CountdownSolution;

/** Tokenization of Countdown prompts and solution traces for the built-in model. */
public final class CountdownPrompts {

    private CountdownPrompts() {
    }

    /** Encodes the compact prompt, for example {@code nums 44 19 3 target 75}. */
    public static int[] encode(TextTokenizer tokenizer, CountdownInstance instance) {
        return tokenizer.encodePrompt("", instance.compactPrompt());
    }

    /**
     * Encodes the solution trace followed by EOS up to {@code generationLength} positions.
     *
     * @throws IllegalArgumentException when the trace plus one EOS does not fit
     */
    public static int[] encodeCompletion(TextTokenizer tokenizer, CountdownSolution solution, int generationLength) {
        return encodeCompletion(tokenizer, solution.trace(), generationLength);
    }

    /** Encodes the completion text {@code text} followed by EOS up to {@code generationLength} positions. */
    public static int[] encodeCompletion(TextTokenizer tokenizer, String text, int generationLength) {
        int[] trace = tokenizer.encode(text);
        if (trace.length + 1 > generationLength) {
            throw new IllegalArgumentException("trace of " + trace.length + " tokens plus EOS does not fit"
                    + " generationLength " + generationLength + "; raise the generation length: " + text);
        }
        int[] completion = Arrays.copyOf(trace, generationLength);
        Arrays.fill(completion, trace.length, generationLength, tokenizer.eosTokenId());
        return completion;
    }
}
