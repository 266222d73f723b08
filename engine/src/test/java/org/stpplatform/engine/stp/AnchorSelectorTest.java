package org.stpplatform.engine.stp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stpplatform.engine.sampling.Canvas;
import org.stpplatform.engine.sampling.ScriptedModel;

class AnchorSelectorTest {

    private final CharacterTokenizer tokenizer = new CharacterTokenizer();

    @Test
    void answerContentAlwaysMasked() {
        int[] prior = withEos(tokenizer.encode("<reasoning>3+4</reasoning><answer>7</answer>"));

        Canvas canvas = AnchorSelector.select(prior, new double[prior.length],
                AnchorStrategy.MASK_ANSWER_LOW_CONFIDENCE, 0.0, tokenizer, 1);

        String anchored = anchoredText(canvas);
        assertThat(anchored).isEqualTo("<reasoning>3+4</reasoning><answer>_</answer>");
        assertThat(canvas.anchors()[prior.length - 1]).as("EOS after the answer").isTrue();
    }

    @Test
    void boxedContentMaskedWithNestedBraces() {
        int[] prior = tokenizer.encode("so \\boxed{\\frac{1}{2}} done");

        Canvas canvas = AnchorSelector.select(prior, new double[prior.length], AnchorStrategy.MASK_ANSWER, 0.0, tokenizer, 1);

        assertThat(anchoredText(canvas)).isEqualTo("so \\boxed{___________} done");
    }

    @Test
    void unclosedAnswerMaskedToTheEnd() {
        int[] prior = tokenizer.encode("ab<answer>12");

        Canvas canvas = AnchorSelector.select(prior, new double[prior.length], AnchorStrategy.MASK_ANSWER, 0.0, tokenizer, 1);

        assertThat(anchoredText(canvas)).isEqualTo("ab<answer>__");
    }

    @Test
    void lowConfidenceMasksLowestScoredFraction() {
        int[] prior = tokenizer.encode("abcdefghij<answer>5</answer>");
        double[] scores = new double[prior.length];
        for (int i = 0; i < prior.length; i++) {
            scores[i] = -((i * 7) % prior.length);
        }

        Canvas canvas = AnchorSelector.select(prior, scores, AnchorStrategy.MASK_ANSWER_LOW_CONFIDENCE, 0.5, tokenizer, 1);

        // 12 candidates outside the answer content; floor(0.5 * 12) = 6 lowest scores masked.
        int answerIndex = 11;
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < prior.length; i++) {
            if (i != answerIndex) {
                candidates.add(i);
            }
        }
        candidates.sort((x, y) -> Double.compare(scores[x], scores[y]));
        boolean[] anchors = canvas.anchors();
        assertThat(anchors[answerIndex]).isFalse();
        for (int j = 0; j < candidates.size(); j++) {
            assertThat(anchors[candidates.get(j)]).as("candidate rank %d", j).isEqualTo(j >= 6);
        }
        assertThat(canvas.anchorCount()).isEqualTo(6);
    }

    @Test
    void lowConfidenceIgnoresAnswerRule() {
        int[] prior = tokenizer.encode("<answer>7</answer>");
        double[] scores = {-1, 0, -2};

        Canvas canvas = AnchorSelector.select(prior, scores, AnchorStrategy.LOW_CONFIDENCE, 0.0, tokenizer, 1);

        assertThat(canvas.anchorCount()).isEqualTo(3);
    }

    @Test
    void rhoOneMasksEverything() {
        int[] prior = tokenizer.encode("abc<answer>7</answer>");
        for (AnchorStrategy strategy : AnchorStrategy.values()) {
            Canvas canvas = AnchorSelector.select(prior, new double[prior.length], strategy, 1.0, tokenizer, 3);
            assertThat(canvas.anchorCount()).as(strategy.name()).isZero();
        }
    }

    @Test
    void randomStrategyMasksFractionRho() {
        int[] prior = new int[2000];
        Arrays.fill(prior, 'a' - 32);

        Canvas canvas = AnchorSelector.select(prior, null, AnchorStrategy.RANDOM, 0.8, tokenizer, 11);
        Canvas same = AnchorSelector.select(prior, null, AnchorStrategy.RANDOM, 0.8, tokenizer, 11);
        Canvas other = AnchorSelector.select(prior, null, AnchorStrategy.RANDOM, 0.8, tokenizer, 12);

        assertThat(canvas.anchorCount() / 2000.0).isBetween(0.17, 0.23);
        assertThat(same).isEqualTo(canvas);
        assertThat(other).isNotEqualTo(canvas);
    }

    @Test
    void canvasCarriesPriorTokens() {
        int[] prior = tokenizer.encode("12+34=46<answer>46</answer>");

        Canvas canvas = AnchorSelector.select(prior, null, AnchorStrategy.MASK_ANSWER, 0.5, tokenizer, 5);

        canvas.validate(CharacterTokenizer.MASK, tokenizer.vocabularySize());
        for (int i = 0; i < prior.length; i++) {
            int expected = canvas.anchors()[i] ? prior[i] : CharacterTokenizer.MASK;
            assertThat(canvas.tokens()[i]).as("position %d", i).isEqualTo(expected);
        }
    }

    @Test
    void scoreStrategyWithoutScoresRejected() {
        int[] prior = tokenizer.encode("abc");
        assertThatThrownBy(() -> AnchorSelector.select(prior, null, AnchorStrategy.LOW_CONFIDENCE, 0.5, tokenizer, 1))
                .hasMessageContaining("needs one score per prior token");
        assertThatThrownBy(() -> AnchorSelector.select(prior, null, AnchorStrategy.RANDOM, 1.5, tokenizer, 1))
                .hasMessageContaining("rho 1.5");
    }

    @Test
    void strategyParsedByName() {
        assertThat(AnchorStrategy.parse("mask_answer_low_confidence")).isEqualTo(AnchorStrategy.MASK_ANSWER_LOW_CONFIDENCE);
        assertThat(AnchorStrategy.parse("mask-answer")).isEqualTo(AnchorStrategy.MASK_ANSWER);
        assertThatThrownBy(() -> AnchorStrategy.parse("top_k"))
                .hasMessageContaining("supported")
                .hasMessageContaining("low_confidence");
    }

    @Test
    void priorScoresAreLogProbabilities() {
        int vocabulary = 6;
        int mask = 4;
        int[] prompt = {0, 1};
        List<long[]> rows = new ArrayList<>();
        ScriptedModel model = new ScriptedModel(vocabulary, mask, 5, (row, position) -> {
            rows.add(row.clone());
            float[] logits = new float[vocabulary];
            logits[position % 4] = position;
            return logits;
        });

        double[] scores = AnchorSelector.priorScores(model, prompt, new int[] {2, 0, 3});

        assertThat(rows.get(0)).containsExactly(0, 1, mask, mask, mask);
        double[] expected = new double[3];
        int[] prior = {2, 0, 3};
        for (int i = 0; i < 3; i++) {
            int position = prompt.length + i;
            double normalizer = Math.log(vocabulary - 1 + Math.exp(position));
            expected[i] = (prior[i] == position % 4 ? position : 0) - normalizer;
        }
        for (int i = 0; i < 3; i++) {
            assertThat(scores[i]).as("score %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    private String anchoredText(Canvas canvas) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < canvas.length(); i++) {
            if (canvas.anchors()[i]) {
                text.append(tokenizer.decode(new int[] {canvas.tokens()[i]}));
            } else {
                text.append('_');
            }
        }
        return text.toString();
    }

    private static int[] withEos(int[] tokens) {
        int[] result = Arrays.copyOf(tokens, tokens.length + 1);
        result[tokens.length] = CharacterTokenizer.EOS;
        return result;
    }
}
