package org.stpplatform.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uses a small word-level tokenizer.json written by the test, with LLaDA's chat specials. */
class HuggingFaceTokenizerTest {

    static final String TOKENIZER_JSON = """
            {
              "version": "1.0",
              "truncation": null,
              "padding": null,
              "added_tokens": [
                %s, %s, %s, %s, %s, %s
              ],
              "normalizer": null,
              "pre_tokenizer": {"type": "Whitespace"},
              "post_processor": null,
              "decoder": null,
              "model": {
                "type": "WordLevel",
                "unk_token": "[UNK]",
                "vocab": {
                  "<|endoftext|>": 0, "<|mdm_mask|>": 1, "<|startoftext|>": 2,
                  "<|start_header_id|>": 3, "<|end_header_id|>": 4, "<|eot_id|>": 5,
                  "[UNK]": 6, "user": 7, "assistant": 8, "system": 9, "nums": 10, "target": 11,
                  "4": 12, "9": 13, "be": 14, "brief": 15
                }
              }
            }
            """.formatted(special(0, "<|endoftext|>"), special(1, "<|mdm_mask|>"),
            special(2, "<|startoftext|>"), special(3, "<|start_header_id|>"),
            special(4, "<|end_header_id|>"), special(5, "<|eot_id|>"));

    @TempDir
    Path dir;

    @Test
    void encodesWordsWithoutAddingSpecials() throws IOException {
        try (HuggingFaceTokenizer tokenizer = load()) {
            assertThat(tokenizer.encode("nums 4 9 target 4")).containsExactly(10, 12, 13, 11, 12);
            assertThat(tokenizer.encode("nums unknown")).containsExactly(10, 6);
        }
    }

    @Test
    void decodeSkipsSpecialTokens() throws IOException {
        try (HuggingFaceTokenizer tokenizer = load()) {
            assertThat(tokenizer.decode(new int[] {2, 10, 1, 12, 0})).isEqualTo("nums 4");
        }
    }

    @Test
    void promptFollowsLladaChatTemplate() throws IOException {
        try (HuggingFaceTokenizer tokenizer = load()) {
            assertThat(tokenizer.encodePrompt("be brief", "nums 4"))
                    .containsExactly(2, 3, 9, 4, 14, 15, 5, 3, 7, 4, 10, 12, 5, 3, 8, 4);
            assertThat(tokenizer.encodePrompt(null, "nums 4"))
                    .containsExactly(2, 3, 7, 4, 10, 12, 5, 3, 8, 4);
        }
    }

    @Test
    void idsComeFromTheModelConfig() throws IOException {
        try (HuggingFaceTokenizer tokenizer = load()) {
            assertThat(tokenizer.vocabularySize()).isEqualTo(32);
            assertThat(tokenizer.maskTokenId()).isEqualTo(1);
            assertThat(tokenizer.eosTokenId()).isEqualTo(0);
        }
    }

    @Test
    void missingFileIsReported() {
        assertThatThrownBy(() -> HuggingFaceTokenizer.load(dir.resolve("absent"), 32, 1, 0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is missing");
    }

    private HuggingFaceTokenizer load() throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), TOKENIZER_JSON);
        return HuggingFaceTokenizer.load(dir, 32, 1, 0);
    }

    private static String special(int id, String content) {
        return "{\"id\": " + id + ", \"content\": \"" + content + "\", \"single_word\": false,"
                + " \"lstrip\": false, \"rstrip\": false, \"normalized\": false, \"special\": true}";
    }
}
