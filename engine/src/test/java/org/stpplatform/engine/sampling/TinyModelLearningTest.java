package org.stpplatform.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stpplatform.engine.estimator.MaskedTokenLoss;
import org.stpplatform.engine.grpo.AdamW;
import org.stpplatform.engine.model.LladaModel;
import org.stpplatform.engine.model.ModelConfig;
import org.stpplatform.engine.tokenizer.TaskTokenizer;

/**
 * Trains a tiny {@link LladaModel} with the masked diffusion objective on a copy task with one
 * random token, then checks that the sampler reproduces both the deterministic part and the
 * distribution of the random token.
 *
 * <p>Task: prompt = 4 random digits; completion (N = 8) = the same digits, then '+' with
 * probability 0.7 or '-' with probability 0.3, then 3 EOS.
 */
class TinyModelLearningTest {

    private static final int DIGITS = 4;
    private static final int LENGTH = 8;
    private static final double PLUS_PROBABILITY = 0.7;
    private static final int TRAINING_STEPS = 300;
    private static final int BATCH = 32;
    private static final TaskTokenizer TOKENIZER = TaskTokenizer.instance();
    private static final int PLUS = TOKENIZER.encode("+")[0];
    private static final int MINUS = TOKENIZER.encode("-")[0];
    private static final int[] DIGIT_IDS = TOKENIZER.encode("0123456789");

    private static LladaModel model;

    @BeforeAll
    static void train() {
        ModelConfig config = new ModelConfig(TaskTokenizer.size(), 64, 2, 4, 128, 10000, 32, 1e-5,
                TaskTokenizer.MASK_ID, TaskTokenizer.EOS_ID);
        model = LladaModel.create(config, null, Device.cpu(), 2024);
        SplittableRandom random = new SplittableRandom(7);
        try (AdamW optimizer = new AdamW(model.trainableParameters(), new AdamW.Settings(3e-3, 0.9, 0.99, 1e-8, 0.0, 1.0))) {
            for (int step = 0; step < TRAINING_STEPS; step++) {
                trainingStep(random);
                optimizer.step();
            }
        }
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void greedyDecodingCopiesThePrompt() {
        SplittableRandom random = new SplittableRandom(99);
        List<int[]> prompts = new ArrayList<>();
        for (int b = 0; b < 64; b++) {
            prompts.add(randomDigits(random));
        }
        DecodingSettings settings = new DecodingSettings(LENGTH, LENGTH, LENGTH, 0, Remasking.LOW_CONFIDENCE, 0, 1);

        List<Generation> generations = new DiffusionSampler(model).generate(prompts, null, settings);

        int copied = 0;
        int ended = 0;
        for (int b = 0; b < prompts.size(); b++) {
            int[] tokens = generations.get(b).tokens();
            boolean same = true;
            for (int i = 0; i < DIGITS; i++) {
                same &= tokens[i] == prompts.get(b)[i];
            }
            copied += same ? 1 : 0;
            ended += generations.get(b).completionLength() == DIGITS + 2 ? 1 : 0;
        }
        assertThat(copied / 64.0).as("exact copies").isGreaterThanOrEqualTo(0.95);
        assertThat(ended / 64.0).as("completions ending after the random token").isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void samplingReproducesTheTrainingDistribution() {
        SplittableRandom random = new SplittableRandom(5);
        int plus = 0;
        int minus = 0;
        for (int batch = 0; batch < 5; batch++) {
            List<int[]> prompts = new ArrayList<>();
            for (int b = 0; b < 64; b++) {
                prompts.add(randomDigits(random));
            }
            DecodingSettings settings = new DecodingSettings(LENGTH, LENGTH, LENGTH, 1.0, Remasking.LOW_CONFIDENCE, 0, batch);
            for (Generation generation : new DiffusionSampler(model).generate(prompts, null, settings)) {
                plus += generation.tokens()[DIGITS] == PLUS ? 1 : 0;
                minus += generation.tokens()[DIGITS] == MINUS ? 1 : 0;
            }
        }
        assertThat(plus + minus).as("samples with a '+' or '-' after the digits").isGreaterThanOrEqualTo(300);
        // 320 draws: the standard error of the frequency is about 0.026.
        assertThat((double) plus / (plus + minus)).isCloseTo(PLUS_PROBABILITY, Offset.offset(0.1));
    }

    private static void trainingStep(SplittableRandom random) {
        List<int[]> prompts = new ArrayList<>();
        List<int[]> completions = new ArrayList<>();
        for (int b = 0; b < BATCH; b++) {
            int[] prompt = randomDigits(random);
            prompts.add(prompt);
            completions.add(completion(prompt, random));
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            collector.backward(MaskedTokenLoss.compute(manager, model, prompts, completions, random));
        }
    }

    private static int[] randomDigits(SplittableRandom random) {
        int[] digits = new int[DIGITS];
        for (int i = 0; i < DIGITS; i++) {
            digits[i] = DIGIT_IDS[random.nextInt(10)];
        }
        return digits;
    }

    private static int[] completion(int[] prompt, SplittableRandom random) {
        int[] completion = new int[LENGTH];
        System.arraycopy(prompt, 0, completion, 0, DIGITS);
        completion[DIGITS] = random.nextDouble() < PLUS_PROBABILITY ? PLUS : MINUS;
        for (int i = DIGITS + 1; i < LENGTH; i++) {
            completion[i] = TaskTokenizer.EOS_ID;
        }
        return completion;
    }
}
