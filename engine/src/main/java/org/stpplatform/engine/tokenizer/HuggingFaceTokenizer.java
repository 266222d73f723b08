package org.stpplatform.engine.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@link TextTokenizer} over a local Hugging Face {@code tokenizer.json}, read by DJL's tokenizers
 * binding without network access. Prompts use LLaDA-8B-Instruct's chat template (the Llama 3 header
 * format with {@code <|startoftext|>} as BOS). Instances are thread-safe. Close them to free the
 * native tokenizer.
 */
public final class HuggingFaceTokenizer implements TextTokenizer, AutoCloseable {

    /** Name recorded in checkpoints that use LLaDA-8B-Instruct's tokenizer. */
    public static final String LLADA_NAME = "llada-8b-instruct";

    private static final Map<String, String> OPTIONS = Map.of(
            "addSpecialTokens", "false",
            "truncation", "false",
            "padding", "false");

    private final ai.djl.huggingface.tokenizers.HuggingFaceTokenizer tokenizer;
    private final int vocabularySize;
    private final int maskTokenId;
    private final int eosTokenId;

    private HuggingFaceTokenizer(ai.djl.huggingface.tokenizers.HuggingFaceTokenizer tokenizer,
            int vocabularySize, int maskTokenId, int eosTokenId) {
        this.tokenizer = tokenizer;
        this.vocabularySize = vocabularySize;
        this.maskTokenId = maskTokenId;
        this.eosTokenId = eosTokenId;
    }

    /**
     * Loads {@code tokenizer.json}, or the one inside a directory.
     *
     * @param vocabularySize the model's vocabulary size V, which may exceed the tokenizer's
     * @param maskTokenId id of the MASK token, from the model config
     * @param eosTokenId id of the end-of-sequence token, from the model config
     */
    public static HuggingFaceTokenizer load(Path tokenizerJson, int vocabularySize, int maskTokenId,
            int eosTokenId) throws IOException {
        Path file = Files.isDirectory(tokenizerJson) ? tokenizerJson.resolve("tokenizer.json") : tokenizerJson;
        if (!Files.isRegularFile(file)) {
            throw new IOException("tokenizer file " + file + " is missing");
        }
        var tokenizer = ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.newInstance(file, OPTIONS);
        return new HuggingFaceTokenizer(tokenizer, vocabularySize, maskTokenId, eosTokenId);
    }

    /** Loads LLaDA-8B-Instruct's tokenizer with its published vocabulary size and MASK and EOS ids. */
    public static HuggingFaceTokenizer loadLlada(Path tokenizerJson) throws IOException {
        return load(tokenizerJson, 126464, 126336, 126081);
    }

    @Override
    public int[] encode(String text) {
        long[] ids = tokenizer.encode(text, false, false).getIds();
        int[] result = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            result[i] = Math.toIntExact(ids[i]);
        }
        return result;
    }

    @Override
    public String decode(int[] ids) {
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            longs[i] = ids[i];
        }
        return tokenizer.decode(longs, true);
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

    /**
     * Encodes LLaDA's chat template: BOS, an optional system turn, the user turn, and the header of
     * the assistant turn, after which the completion starts.
     */
    @Override
    public int[] encodePrompt(String systemText, String question) {
        StringBuilder prompt = new StringBuilder("<|startoftext|>");
        if (systemText != null && !systemText.isEmpty()) {
            prompt.append(turn("system", systemText));
        }
        prompt.append(turn("user", question));
        prompt.append("<|start_header_id|>assistant<|end_header_id|>\n\n");
        return encode(prompt.toString());
    }

    private static String turn(String role, String content) {
        return "<|start_header_id|>" + role + "<|end_header_id|>\n\n" + content + "<|eot_id|>";
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
