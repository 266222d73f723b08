package org.stpplatform.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stpplatform.engine.model.LladaModel;
import org.stpplatform.engine.model.ModelConfig;
import org.stpplatform.engine.tokenizer.TaskTokenizer;

/** Sampler checks on the real transformer with random weights. */
class LladaSamplerTest {

    private static final TaskTokenizer TOKENIZER = TaskTokenizer.instance();
    private static LladaModel model;

    @BeforeAll
    static void createModel() {
        ModelConfig config = new ModelConfig(TaskTokenizer.size(), 32, 2, 2, 64, 10000, 64, 1e-5,
                TaskTokenizer.MASK_ID, TaskTokenizer.EOS_ID);
        model = LladaModel.create(config, null, Device.cpu(), 31);
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @Test
    void leftPaddedBatchMatchesSeparateRuns() {
        int[] shortPrompt = TOKENIZER.encode("nums 3 4");
        int[] longPrompt = TOKENIZER.encode("nums 12 7 30 target 19");
        DecodingSettings settings = new DecodingSettings(16, 8, 8, 0, Remasking.LOW_CONFIDENCE, 0, 1);
        DiffusionSampler sampler = new DiffusionSampler(model);

        List<Generation> batched = sampler.generate(List.of(shortPrompt, longPrompt), null, settings);
        Generation shortAlone = sampler.generate(List.of(shortPrompt), null, settings).get(0);
        Generation longAlone = sampler.generate(List.of(longPrompt), null, settings).get(0);

        assertThat(batched.get(0).tokens()).containsExactly(shortAlone.tokens());
        assertThat(batched.get(0).stepMap()).containsExactly(shortAlone.stepMap());
        assertThat(batched.get(1).tokens()).containsExactly(longAlone.tokens());
        assertThat(batched.get(1).stepMap()).containsExactly(longAlone.stepMap());
    }

    @Test
    void greedyMatchesStraightforwardReference() {
        int[] prompt = TOKENIZER.encode("nums 8 2 target 10");
        DecodingSettings settings = new DecodingSettings(16, 8, 8, 0, Remasking.LOW_CONFIDENCE, 0, 4);

        Generation generation = new DiffusionSampler(model).generate(List.of(prompt), null, settings).get(0);
        int[][] expected = referenceGreedy(prompt, 16, 8, 8);

        assertThat(generation.tokens()).containsExactly(expected[0]);
        assertThat(generation.stepMap()).containsExactly(expected[1]);
    }

    @Test
    void concurrentCallsMatchSequentialCalls() throws Exception {
        DiffusionSampler sampler = new DiffusionSampler(model);
        List<int[]> prompts = List.of(TOKENIZER.encode("nums 1 2"), TOKENIZER.encode("nums 40 2 target 42"));
        DecodingSettings settings = new DecodingSettings(16, 8, 8, 0.9, Remasking.LOW_CONFIDENCE, 0.95, 6);
        List<Generation> sequential = sampler.generate(prompts, null, settings);

        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<List<Generation>>> futures = new java.util.ArrayList<>();
            for (int call = 0; call < 6; call++) {
                futures.add(pool.submit(() -> sampler.generate(prompts, null, settings)));
            }
            for (java.util.concurrent.Future<List<Generation>> future : futures) {
                List<Generation> concurrent = future.get(60, java.util.concurrent.TimeUnit.SECONDS);
                for (int b = 0; b < prompts.size(); b++) {
                    assertThat(concurrent.get(b).tokens()).containsExactly(sequential.get(b).tokens());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Decodes greedily the plain way: one unbatched forward pass per step over the whole row,
     * argmax candidates, softmax confidence, the k most confident masked positions of the block.
     *
     * @return {tokens, step map}
     */
    private static int[][] referenceGreedy(int[] prompt, int length, int blockLength, int steps) {
        int mask = TaskTokenizer.MASK_ID;
        int vocabulary = TaskTokenizer.size();
        int[] completion = new int[length];
        int[] stepMap = new int[length];
        Arrays.fill(completion, mask);
        int stepsPerBlock = steps / (length / blockLength);
        int step = 0;
        for (int start = 0; start < length; start += blockLength) {
            int perStep = blockLength / stepsPerBlock;
            for (int s = 0; s < stepsPerBlock; s++, step++) {
                float[] logits;
                try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager(Device.cpu());
                        InferenceScope ignored = InferenceScope.enter()) {
                    long[] row = new long[prompt.length + length];
                    for (int i = 0; i < prompt.length; i++) {
                        row[i] = prompt[i];
                    }
                    for (int i = 0; i < length; i++) {
                        row[prompt.length + i] = completion[i];
                    }
                    logits = model.logits(manager.create(row, new ai.djl.ndarray.types.Shape(1, row.length)), null)
                            .toFloatArray();
                }
                double[] confidence = new double[length];
                int[] candidate = new int[length];
                Arrays.fill(confidence, Double.NEGATIVE_INFINITY);
                for (int i = start; i < start + blockLength; i++) {
                    if (completion[i] != mask) {
                        continue;
                    }
                    int offset = (prompt.length + i) * vocabulary;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int v = 0; v < vocabulary; v++) {
                        if (logits[offset + v] > max) {
                            max = logits[offset + v];
                            candidate[i] = v;
                        }
                    }
                    double sum = 0;
                    for (int v = 0; v < vocabulary; v++) {
                        sum += Math.exp(logits[offset + v] - max);
                    }
                    confidence[i] = 1.0 / sum;
                }
                for (int k = 0; k < perStep; k++) {
                    int best = -1;
                    for (int i = 0; i < length; i++) {
                        if (confidence[i] > Double.NEGATIVE_INFINITY && (best < 0 || confidence[i] > confidence[best])) {
                            best = i;
                        }
                    }
                    completion[best] = candidate[best];
                    stepMap[best] = step;
                    confidence[best] = Double.NEGATIVE_INFINITY;
                }
            }
        }
        return new int[][] {completion, stepMap};
    }

    @Test
    void sameSeedSameGenerationsWithAnchorsKept() {
        int[] prompt = TOKENIZER.encode("nums 5 6 target 11");
        int length = 16;
        int[] tokens = new int[length];
        boolean[] anchors = new boolean[length];
        Arrays.fill(tokens, TaskTokenizer.MASK_ID);
        int[] answer = TOKENIZER.encode("5+6");
        for (int i = 0; i < answer.length; i++) {
            tokens[4 + i] = answer[i];
            anchors[4 + i] = true;
        }
        Canvas canvas = new Canvas(tokens, anchors);
        DecodingSettings settings = new DecodingSettings(length, 8, 16, 0.9, Remasking.LOW_CONFIDENCE, 0.75, 8);
        DiffusionSampler sampler = new DiffusionSampler(model);
        List<int[]> prompts = List.of(prompt, prompt, prompt);
        List<Canvas> canvases = List.of(canvas, canvas, canvas);

        List<Generation> first = sampler.generate(prompts, canvases, settings);
        List<Generation> second = sampler.generate(prompts, canvases, settings);

        for (int b = 0; b < prompts.size(); b++) {
            Generation generation = first.get(b);
            assertThat(second.get(b).tokens()).containsExactly(generation.tokens());
            assertThat(generation.anchorCount()).isEqualTo(3);
            assertThat(Arrays.copyOfRange(generation.tokens(), 4, 7)).containsExactly(answer);
            assertThat(generation.tokens()).doesNotContain(TaskTokenizer.MASK_ID);
            // K_stop = 12: 3 anchors + 9 commits, then one fill pass for the last 4 positions.
            assertThat(generation.earlyExit()).isTrue();
            assertThat(Arrays.stream(generation.stepMap()).filter(s -> s == generation.nfe() - 1).count()).isEqualTo(4);
        }
        assertThat(first.get(0).tokens()).isNotEqualTo(first.get(1).tokens());
    }
}
