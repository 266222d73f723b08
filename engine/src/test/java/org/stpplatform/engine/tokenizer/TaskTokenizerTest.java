package org.stpplatform.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskTokenizerTest {

    final TaskTokenizer tokenizer = TaskTokenizer.instance();

    @Test
    void asciiTextRoundTrips() {
        String text = "<reasoning>44 - 19 = 25\n25 * 3 = 75</reasoning><answer>(44 - 19) * 3</answer>";

        assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
    }

    @Test
    void tagsAndWordsAreSingleTokens() {
        int[] ids = tokenizer.encode("<answer>nums target</answer>");

        assertThat(ids).hasSize(5);
        assertThat(tokenizer.decode(new int[] {ids[0]})).isEqualTo("<answer>");
        assertThat(tokenizer.decode(new int[] {ids[1]})).isEqualTo("nums");
        assertThat(tokenizer.decode(new int[] {ids[3]})).isEqualTo("target");
        assertThat(tokenizer.decode(new int[] {ids[4]})).isEqualTo("</answer>");
    }

    @Test
    void digitsAreOneTokenEach() {
        assertThat(tokenizer.encode("1234")).hasSize(4);
        assertThat(tokenizer.encode("1234")).doesNotHaveDuplicates();
    }

    @Test
    void specialsAreSkippedWhenDecoding() {
        int[] ids = {TaskTokenizer.BOS_ID, tokenizer.encode("7")[0], TaskTokenizer.MASK_ID, TaskTokenizer.EOS_ID};

        assertThat(tokenizer.decode(ids)).isEqualTo("7");
    }

    @Test
    void unknownCharacterBecomesUnknownToken() {
        int[] ids = tokenizer.encode("a\u00e9b\uD83D\uDE00");

        assertThat(ids).containsExactly(tokenizer.encode("a")[0], TaskTokenizer.UNKNOWN_ID,
                tokenizer.encode("b")[0], TaskTokenizer.UNKNOWN_ID);
        assertThat(tokenizer.decode(ids)).isEqualTo("a\uFFFDb\uFFFD");
    }

    @Test
    void promptStartsWithBosAndIgnoresSystemText() {
        String question = TaskTokenizer.countdownQuestion(List.of(44, 19, 3), 75);

        int[] prompt = tokenizer.encodePrompt("a long system text", question);

        assertThat(question).isEqualTo("nums 44 19 3 target 75");
        assertThat(prompt[0]).isEqualTo(TaskTokenizer.BOS_ID);
        assertThat(tokenizer.decode(prompt)).isEqualTo(question);
        // BOS, "nums", " 44 19 3 " as nine characters, "target", " 75" as three.
        assertThat(prompt).hasSize(1 + 1 + 9 + 1 + 3);
    }

    @Test
    void vocabularyMatchesSpecialIds() {
        assertThat(tokenizer.vocabularySize()).isEqualTo(TaskTokenizer.size());
        assertThat(tokenizer.maskTokenId()).isEqualTo(1);
        assertThat(tokenizer.eosTokenId()).isEqualTo(0);
        assertThatThrownBy(() -> tokenizer.decode(new int[] {TaskTokenizer.size()}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the vocabulary");
    }
}
