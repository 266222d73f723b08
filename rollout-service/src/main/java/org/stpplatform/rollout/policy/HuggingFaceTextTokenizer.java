package org.stpplatform.rollout.policy;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.stpplatform.engine.model.ModelConfig;
import org.stpplatform.engine.tokenizer.TextTokenizer;

/**
 * {@link TextTokenizer} over DJL's Hugging Face tokenizer and a local {@code tokenizer.json}, with
 * LLaDA-8B-Instruct's chat template for prompts.
 *
 * <p>TODO: replace with the engine's HuggingFaceTokenizer wrapper once the engine provides it.
 * This adapter has not been run against the real LLaDA tokenizer.json.
 */
final class HuggingFaceTextTokenizer implements TextTokenizer {

    private static final String BEGIN_OF_TEXT = "<|startoftext|>";
    private static final String HEADER_START = "<|start_header_id|>";
    private static final String HEADER_END = "<|end_header_id|>";
    private static final String END_OF_TURN = "<|eot_id|>";

    private final HuggingFaceTokenizer tokenizer;
    private final int vocabularySize;
    private final int maskTokenId;
    private final int eosTokenId;

    private HuggingFaceTextTokenizer(HuggingFaceTokenizer tokenizer, ModelConfig config) {
        this.tokenizer = tokenizer;
        this.vocabularySize = config.vocabularySize();
        this.maskTokenId = config.maskTokenId();
        this.eosTokenId = config.eosTokenId();
    }

    /** Loads {@code tokenizer.json}; special ids and the vocabulary size come from the model config. */
    static HuggingFaceTextTokenizer load(Path tokenizerJson, ModelConfig config) throws IOException {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new IOException("tokenizer file " + tokenizerJson + " is missing; a model directory needs"
                    + " tokenizer.json beside config.json");
        }
        HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                .optTokenizerPath(tokenizerJson)
                .optAddSpecialTokens(false)
                .build();
        return new HuggingFaceTextTokenizer(tokenizer, config);
    }

    @Override
    public int[] encode(String text) {
        return Arrays.stream(tokenizer.encode(text, false, false).getIds()).mapToInt(Math::toIntExact).toArray();
    }

    @Override
    public String decode(int[] ids) {
        return tokenizer.decode(Arrays.stream(ids).asLongStream().toArray(), true);
    }

    @Override
    public int vocabularySize() {
        return vocabularySize;
    }

    @Override
    public int maskTokenId() {
        return maskTokenId;
    }

    @Override
    public int eosTokenId() {
        return eosTokenId;
    }

    /** Encodes the LLaDA-8B-Instruct chat template with an optional system turn and the user turn. */
    @Override
    public int[] encodePrompt(String systemText, String question) {
        StringBuilder prompt = new StringBuilder(BEGIN_OF_TEXT);
        if (systemText != null && !systemText.isBlank()) {
            appendTurn(prompt, "system", systemText);
        }
        appendTurn(prompt, "user", question);
        prompt.append(HEADER_START).append("assistant").append(HEADER_END).append("\n\n");
        return encode(prompt.toString());
    }

    private static void appendTurn(StringBuilder prompt, String role, String text) {
        prompt.append(HEADER_START).append(role).append(HEADER_END).append("\n\n").append(text).append(END_OF_TURN);
    }
}
