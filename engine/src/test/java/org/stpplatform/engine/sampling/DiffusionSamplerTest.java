package org.stpplatform.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiffusionSamplerTest {

    private static final int VOCABULARY = 12;
    private static final int MASK = 10;
    private static final int EOS = 11;
    private static final int[] PROMPT = {1, 2, 3};

    /** Predicts token (position mod 10) with a margin that grows with the position. */
    private static final ScriptedModel.RowLogits CONFIDENCE_BY_POSITION = (row, position) -> {
        float[] logits = new float[VOCABULARY];
        logits[position % 10] = 0.5f * position;
        return logits;
    };

    /** Predicts a token that depends on every decided token of the row, which padding would change. */
    private static final ScriptedModel.RowLogits CONTENT_DEPENDENT = (row, position) -> {
        long sum = 0;
        for (long id : row) {
            if (id != MASK) {
                sum += id;
            }
        }
        float[] logits = new float[VOCABULARY];
        for (int v = 0; v < 10; v++) {
            logits[v] = (float) (((sum * 7 + position * 3 + v * 5) % 11) * 0.4);
        }
        return logits;
    };

    @Test
    void greedyCommitsMostConfidentPositionsFirst() {
        ScriptedModel model = new ScriptedModel(VOCABULARY, MASK, EOS, CONFIDENCE_BY_POSITION);
        DecodingSettings settings = new DecodingSettings(8, 4, 4, 0, Remasking.LOW_CONFIDENCE, 0, 5);

        Generation generation = generateOne(model, PROMPT, null, settings);

        assertThat(generation.tokens()).containsExactly(3, 4, 5, 6, 7, 8, 9, 0);
        assertThat(generation.stepMap()).containsExactly(1, 1, 0, 0, 3, 3, 2, 2);
        assertThat(generation.nfe()).isEqualTo(4);
        assertThat(generation.earlyExit()).isFalse();
        assertThat(generation.completionLength()).isEqualTo(8);
        assertThat(model.forwardCount()).isEqualTo(4);
    }

    @Test
    void greedyResultDoesNotDependOnSeed() {
        ScriptedModel model = new ScriptedModel(VOCABULARY, MASK, EOS, CONTENT_DEPENDENT);
        DecodingSettings settings = new DecodingSettings(8, 4, 8, 0, Remasking.LOW_CONFIDENCE, 0, 1);

        Generation first = generateOne(model, PROMPT, null, settings);
        Generation second = generateOne(model, PROMPT, null, settings.withSeed(99));

        assertThat(second.tokens()).containsExactly(first.tokens());
        assertThat(second.stepMap()).containsExactly(first.stepMap());
    }

    @Test
    void peakedLogitsAtTemperatureSampleTheArgmax() {
        ScriptedModel model = new ScriptedModel(VOCABULARY, MASK, EOS, (row, position) -> {
            float[] logits = new float[VOCABULARY];
            logits[position % 10] = 60f;
            return logits;
        });
        DecodingSettings settings = new DecodingSettings(8, 4, 4, 0.9, Remasking.LOW_CONFIDENCE, 0, 5);

        assertThat(generateOne(model, PROMPT, null, settings).tokens()).containsExactly(3, 4, 5, 6, 7, 8, 9, 0);
    }

    @Test
    void gumbelMaxSamplesSoftmaxOfLogitsOverTemperature() {
        ScriptedModel model = new ScriptedModel(VOCABULARY, MASK, EOS, (row, position) -> {
            float[] logits = new float[VOCABULARY];
            Arrays.fill(logits, -1e9f);
            logits[0] = (float) Math.log(0.7);
            logits[1] = (float) Math.log(0.3);
            return logits;
        });
        // softmax(l / T): p0 = 0.7 at T = 1 and 0.49 / (0.49 + 0.09) at T = 0.5.
        assertThat(frequencyOfTokenZero(model, 1.0)).isCloseTo(0.7, org.assertj.core.data.Offset.offset(0.05));
        assertThat(frequencyOfTokenZero(model, 0.5)).isCloseTo(0.845, org.assertj.core.data.Offset.offset(0.04));
    }

    @Test
    void anchorsStayFixedAndReduceTheBlockSchedule() {
        ScriptedModel model = new ScriptedModel(VOCABULARY, MASK, EOS, CONFIDENCE_BY_POSITION);
        int[] tokens = {9, 9, MASK, MASK, 9, 9, 9, 9};
        boolean[] anchors = {true, true, false, false, true, true, true, true};
        DecodingSettings settings = new DecodingSettings(8, 4, 4, 0, Remasking.LOW_CONFIDENCE, 0, 5);

        Generation generation = generateOne(model, PROMPT, new Canvas(tokens, anchors), settings);

        // Block 0 has 2 masked positions over 2 steps; block 1 is all anchors and needs no pass.
        assertThat(generation.tokens()).containsExactly(9, 9, 5, 6, 9, 9, 9, 9);
        assertThat(generation.stepMap()).containsExactly(-1, -1, 1, 0, -1, -1, -1, -1);
        assertThat(generation.nfe()).isEqualTo(2);
        assertThat(generation.anchorCount()).isEqualTo(6);
        assertThat(model.forwardCount()).isEqualTo(2);
    }

    @Test
    void anchorsNeverChangeUnderSampling() {
        ScriptedModel model = new ScriptedModel(VOCABULARY, MASK, EOS, CONTENT_DEPENDENT);
        int length = 16;
        int[] tokens = new int[length];
        boolean[] anchors = new boolean[length];
        for (int i = 0; i < length; i++) {
            anchors[i] = i % 3 == 0;
            tokens[i] = anchors[i] ? i % 10 : MASK;
        }
        Canvas canvas = new Canvas(tokens, anchors);
        for (long seed = 0; seed < 5; seed++) {
            DecodingSettings settings = new DecodingSettings(length, 8, 8, 1.0, Remasking.LOW_CONFIDENCE, 0.9, seed);
            Generation generation = generateOne(model, PROMPT, canvas, settings);
            for (int i = 0; i < length; i++) {
                if (anchors[i]) {
                    assertThat(generation.tokens()[i]).as("anchor %d", i).isEqualTo(i % 10);
                    assertThat(generation.stepMap()[i]).as("step of anchor %d", i).isEqualTo(-1);
                } else {
                    assertThat(generation.tokens()[i]).as("free position %d", i).isNotEqualTo(MASK);
                    assertThat(generation.stepMap()[i]).as("step of position %d", i).isBetween(0, generation.nfe() - 1);
                }
            }
        }
    }

    @Test
    void earlyExitFillsRestInOnePass() {
        ScriptedModel model = new ScriptedModel(VOCABULARY, MASK, EOS, CONFIDENCE_BY_POSITION);
        DecodingSettings settings = new DecodingSettings(20, 20, 20, 0, Remasking.LOW_CONFIDENCE, 0.75, 5);

        Generation generation = generateOne(model, PROMPT, null, settings);

        // K_stop = floor(0.75 * 20) = 15 single-token steps, then one fill pass for the other 5.
        assertThat(generation.nfe()).isEqualTo(16);
        assertThat(generation.earlyExit()).isTrue();
        assertThat(model.forwardCount()).isEqualTo(16);
        assertThat(countSteps(generation.stepMap(), 15)).isEqualTo(5);
        for (int step = 0; step < 15; step++) {
            assertThat(countSteps(generation.stepMap(), step)).as("commits at step %d", step).isEqualTo(1);
        }
        assertThat(generation.tokens()).doesNotContain(MASK);
    }

    @Test
    void earlyExitOffRunsEveryStep() {
        ScriptedModel model = new ScriptedModel(VOCABULARY, MASK, EOS, CONFIDENCE_BY_POSITION);
        DecodingSettings settings = new DecodingSettings(20, 20, 20, 0, Remasking.LOW_CONFIDENCE, 0, 5);

        Generation generation = generateOne(model, PROMPT, null, settings);

        assertThat(generation.nfe()).isEqualTo(20);
        assertThat(generation.earlyExit()).isFalse();
    }

    @Test
    void earlyExitCutsTheLastStepToFit() {
        ScriptedModel model = new ScriptedModel(VOCABULARY, MASK, EOS, CONFIDENCE_BY_POSITION);
        DecodingSettings settings = new DecodingSettings(20, 20, 4, 0, Remasking.LOW_CONFIDENCE, 0.95, 5);

        Generation generation = generateOne(model, PROMPT, null, settings);

        // K_stop = 19: steps commit 5, 5, 5, then 4 instead of 5; the fill pass decides the last one.
        assertThat(countSteps(generation.stepMap(), 0)).isEqualTo(5);
        assertThat(countSteps(generation.stepMap(), 3)).isEqualTo(4);
        assertThat(countSteps(generation.stepMap(), 4)).isEqualTo(1);
        assertThat(generation.nfe()).isEqualTo(5);
        assertThat(generation.earlyExit()).isTrue();
    }

    @Test
    void anchorsCountTowardsEarlyExit() {
        ScriptedModel model = new ScriptedModel(VOCABULARY, MASK, EOS, CONFIDENCE_BY_POSITION);
        int[] tokens = new int[20];
        boolean[] anchors = new boolean[20];
        Arrays.fill(tokens, MASK);
        for (int i = 0; i < 4; i++) {
            tokens[i] = 9;
            anchors[i] = true;
        }
        DecodingSettings settings = new DecodingSettings(20, 20, 20, 0, Remasking.LOW_CONFIDENCE, 0.75, 5);

        Generation generation = generateOne(model, PROMPT, new Canvas(tokens, anchors), settings);

        // 16 masked over 20 steps is one per step; 4 anchors + 11 commits reach K_stop = 15.
        assertThat(generation.nfe()).isEqualTo(12);
        assertThat(countSteps(generation.stepMap(), 11)).isEqualTo(5);
        assertThat(generation.earlyExit()).isTrue();
    }

    @Test
    void canvasAtKStopNeedsOnlyFillPass() {
        ScriptedModel model = new ScriptedModel(VOCABULARY, MASK, EOS, CONFIDENCE_BY_POSITION);
        int[] tokens = new int[20];
        boolean[] anchors = new boolean[20];
        Arrays.fill(tokens, 9);
        Arrays.fill(anchors, true);
        tokens[7] = MASK;
        anchors[7] = false;
        DecodingSettings settings = new DecodingSettings(20, 20, 20, 0, Remasking.LOW_CONFIDENCE, 0.95, 5);

        Generation generation = generateOne(model, PROMPT, new Canvas(tokens, anchors), settings);

        assertThat(generation.nfe()).isEqualTo(1);
        assertThat(generation.stepMap()[7]).isZero();
        assertThat(generation.tokens()[7]).isEqualTo((PROMPT.length + 7) % 10);
    }

    @Test
    void batchOfUnequalPromptsMatchesSeparateGreedyRuns() {
        ScriptedModel model = new ScriptedModel(VOCABULARY, MASK, EOS, CONTENT_DEPENDENT);
        DecodingSettings settings = new DecodingSettings(8, 4, 8, 0, Remasking.LOW_CONFIDENCE, 0, 5);
        int[] shortPrompt = {4, 2};
        int[] longPrompt = {1, 7, 3, 8, 5};

        List<Generation> batched = new DiffusionSampler(model)
                .generate(List.of(shortPrompt, longPrompt), null, settings);
        Generation shortAlone = generateOne(model, shortPrompt, null, settings);
        Generation longAlone = generateOne(model, longPrompt, null, settings);

        assertThat(batched.get(0).tokens()).containsExactly(shortAlone.tokens());
        assertThat(batched.get(0).stepMap()).containsExactly(shortAlone.stepMap());
        assertThat(batched.get(1).tokens()).containsExactly(longAlone.tokens());
        assertThat(batched.get(1).stepMap()).containsExactly(longAlone.stepMap());
        assertThat(batched.get(0).tokens()).isNotEqualTo(batched.get(1).tokens());
    }

    @Test
    void sameSeedGivesSameGenerations() {
        ScriptedModel model = new ScriptedModel(VOCABULARY, MASK, EOS, CONTENT_DEPENDENT);
        DecodingSettings settings = new DecodingSettings(16, 8, 8, 1.0, Remasking.LOW_CONFIDENCE, 0.9, 42);
        List<int[]> prompts = List.of(PROMPT, PROMPT, new int[] {5});
        DiffusionSampler sampler = new DiffusionSampler(model);

        List<Generation> first = sampler.generate(prompts, null, settings);
        List<Generation> second = sampler.generate(prompts, null, settings);
        List<Generation> otherSeed = sampler.generate(prompts, null, settings.withSeed(43));

        for (int b = 0; b < prompts.size(); b++) {
            assertThat(second.get(b).tokens()).containsExactly(first.get(b).tokens());
            assertThat(second.get(b).stepMap()).containsExactly(first.get(b).stepMap());
        }
        assertThat(first.get(0).tokens()).as("rows of one group differ").isNotEqualTo(first.get(1).tokens());
        assertThat(otherSeed.get(0).tokens()).isNotEqualTo(first.get(0).tokens());
    }

    @Test
    void randomRemaskingKeepsSchedule() {
        ScriptedModel model = new ScriptedModel(VOCABULARY, MASK, EOS, CONFIDENCE_BY_POSITION);
        int[] lowConfidenceOrder = {1, 1, 0, 0, 3, 3, 2, 2};
        boolean orderDiffered = false;
        for (long seed = 0; seed < 6; seed++) {
            DecodingSettings settings = new DecodingSettings(8, 4, 4, 0, Remasking.RANDOM, 0, seed);
            Generation generation = generateOne(model, PROMPT, null, settings);
            assertThat(generation.tokens()).containsExactly(3, 4, 5, 6, 7, 8, 9, 0);
            for (int step = 0; step < 4; step++) {
                assertThat(countSteps(generation.stepMap(), step)).isEqualTo(2);
            }
            orderDiffered |= !Arrays.equals(generation.stepMap(), lowConfidenceOrder);
        }
        assertThat(orderDiffered).isTrue();
    }

    @Test
    void completionLengthEndsAtFirstEos() {
        ScriptedModel model = new ScriptedModel(VOCABULARY, MASK, EOS, (row, position) -> {
            float[] logits = new float[VOCABULARY];
            logits[position >= 6 ? EOS : 1] = 5f;
            return logits;
        });
        DecodingSettings settings = new DecodingSettings(8, 8, 4, 0, Remasking.LOW_CONFIDENCE, 0, 5);

        Generation generation = generateOne(model, PROMPT, null, settings);

        // Positions from row index 6 on, that is completion index 3, predict EOS.
        assertThat(generation.completionLength()).isEqualTo(4);
    }

    @Test
    void canvasOfWrongLengthRejected() {
        ScriptedModel model = new ScriptedModel(VOCABULARY, MASK, EOS, CONFIDENCE_BY_POSITION);
        DecodingSettings settings = new DecodingSettings(8, 4, 4, 0, Remasking.LOW_CONFIDENCE, 0, 5);
        Canvas canvas = Canvas.allMasked(6, MASK);

        assertThatThrownBy(() -> generateOne(model, PROMPT, canvas, settings))
                .hasMessageContaining("canvas 0 has 6 positions");
    }

    @Test
    void promptBeyondMaxLengthRejected() {
        ScriptedModel model = new ScriptedModel(VOCABULARY, MASK, EOS, CONFIDENCE_BY_POSITION);
        DecodingSettings settings = new DecodingSettings(8, 4, 4, 0, Remasking.LOW_CONFIDENCE, 0, 5);
        int[] prompt = new int[510];

        assertThatThrownBy(() -> generateOne(model, prompt, null, settings))
                .hasMessageContaining("prompt 0 has 510 tokens")
                .hasMessageContaining("maximum length 512");
    }

    @Test
    void anchorHoldingMaskRejected() {
        assertThatThrownBy(() -> new Canvas(new int[] {MASK, MASK}, new boolean[] {true, false}).validate(MASK, VOCABULARY))
                .hasMessageContaining("anchor at position 0");
    }

    private static double frequencyOfTokenZero(ScriptedModel model, double temperature) {
        int zeros = 0;
        int total = 0;
        for (long seed = 0; seed < 20; seed++) {
            // One step commits all 64 positions, so confidence ordering cannot bias the draw.
            DecodingSettings settings = new DecodingSettings(64, 64, 1, temperature, Remasking.LOW_CONFIDENCE, 0, seed);
            for (int token : generateOne(model, PROMPT, null, settings).tokens()) {
                zeros += token == 0 ? 1 : 0;
                total++;
            }
        }
        return (double) zeros / total;
    }

    private static Generation generateOne(ScriptedModel model, int[] prompt, Canvas canvas, DecodingSettings settings) {
        List<Canvas> canvases = new ArrayList<>();
        canvases.add(canvas);
        return new DiffusionSampler(model).generate(List.of(prompt), canvas == null ? null : canvases, settings).get(0);
    }

    private static int countSteps(int[] stepMap, int step) {
        return (int) Arrays.stream(stepMap).filter(value -> value == step).count();
    }
}
