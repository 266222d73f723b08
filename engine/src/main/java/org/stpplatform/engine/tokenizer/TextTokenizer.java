package org.stpplatform.engine.tokenizer;

/**
 * Converts between text and token ids. Implementations are immutable and thread-safe.
 */
public interface TextTokenizer {

    /** Encodes text without adding special tokens. */
    int[] encode(String text);

    /** Decodes ids to text; special tokens other than the answer tags are skipped. */
    String decode(int[] ids);

    int vocabularySize();

    int maskTokenId();

    int eosTokenId();

    /** Wraps a user question in the model's chat or prompt template and encodes it. */
    int[] encodePrompt(String systemText, String question);
}
