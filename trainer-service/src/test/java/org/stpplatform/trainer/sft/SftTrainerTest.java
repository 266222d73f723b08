package org.stpplatform.trainer.sft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stpplatform.engine.model.BuiltinModels;
import org.stpplatform.engine.model.LladaModel;
import org.stpplatform.engine.tokenizer.TaskTokenizer;
import org.stpplatform.trainer.dataset.countdown.CountdownDistribution;
import org.stpplatform.trainer.dataset.countdown.CountdownInstance;
import org.stpplatform.trainer.dataset.countdown.CountdownSolver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SftTrainerTest {

    @TempDir
    Path output;

    @Test
    void shortRunWritesCheckpointAndRecipe() throws Exception {
        SftRuntime.configureDefaults();
        SftSettings settings = SftCommand.settings(SftCommand.parse(new String[] {
            "--output", output.toString(), "--distribution", "small", "--train-size", "500", "--steps", "60",
            "--batch", "8", "--lr", "3e-3", "--warmup", "5", "--eval-every", "0", "--eval-size", "8",
            "--group-prompts", "4", "--group-size", "2", "--checkpoint-every", "30", "--log-every", "30"}));

        SftRecipe recipe = new SftTrainer(settings, BuiltinModels.config(BuiltinModels.COUNTDOWN_TINY),
                TaskTokenizer.instance(), TaskTokenizer.NAME, List.of("sft", "test")).run();

        assertThat(output.resolve("model.safetensors")).exists();
        assertThat(output.resolve("config.json")).exists();
        assertThat(output.resolve("checkpoints/step-000030/model.safetensors")).exists();
        assertThat(recipe.stepsDone()).isEqualTo(60);
        // An untrained model scores about 4.7, the log of the 106-token vocabulary.
        assertThat(recipe.finalLoss()).isLessThan(3.0);
        JsonNode written = JsonMapper.builder().build().readTree(Files.readString(output.resolve("recipe.json")));
        assertThat(written.get("settings").get("distribution").asString()).isEqualTo("small");
        assertThat(written.get("stepsDone").asInt()).isEqualTo(60);
        assertThat(written.get("finalMetrics").get("heldOutGreedyPrompts").asInt()).isEqualTo(8);
        assertThat(written.get("hardware").get("availableProcessors").asInt()).isPositive();
    }

    @Test
    void memorizesOneTraceAndDecodesIt() throws Exception {
        SftRuntime.configureDefaults();
        TaskTokenizer tokenizer = TaskTokenizer.instance();
        CountdownInstance instance = new CountdownInstance(List.of(44, 19, 3), 75);
        String trace = "<reasoning>44-19=25, 25*3=75</reasoning><answer>(44-19)*3</answer>";
        SftExample example = new SftExample(CountdownPrompts.encode(tokenizer, instance),
                CountdownPrompts.encodeCompletion(tokenizer,
                        new CountdownSolver().solve(instance).orElseThrow(), 32));
        assertThat(tokenizer.decode(example.completion())).isEqualTo(trace);

        try (LladaModel model = LladaModel.create(BuiltinModels.config(BuiltinModels.COUNTDOWN_TINY), null, Device.cpu(), 3)) {
            double laterLoss = trainSteps(model, example, 200);

            // An untrained model starts near 4.7: log of the 106-token vocabulary.
            assertThat(laterLoss).isLessThan(0.5);
            CountdownEvaluator evaluator = new CountdownEvaluator(model, tokenizer,
                    new CountdownEvaluator.DecodingShape(32, 16, 32));
            CountdownEvaluator.GreedyResult result = evaluator.greedy(List.of(instance), 0);
            assertThat(result.example()).endsWith(trace);
            assertThat(result.accuracy()).isEqualTo(1.0);
            assertThat(result.answerShare()).isEqualTo(1.0);
        }
    }

    /** Runs clipped AdamW steps on copies of one example; returns the mean loss of the last ten steps. */
    private static double trainSteps(LladaModel model, SftExample example, int steps) {
        double recentLossSum = 0;
        int recentCount = 0;
        Random random = new Random(11);
        SftOptimizer optimizer = new SftOptimizer(0.0, 1.0);
        for (int step = 0; step < steps; step++) {
            try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                MaskedDiffusionLoss.Result result = MaskedDiffusionLoss.compute(model, manager,
                        List.of(example, example, example, example), random);
                collector.backward(result.loss());
                if (step >= steps - 10) {
                    recentLossSum += result.loss().getFloat();
                    recentCount++;
                }
            }
            optimizer.step(model.trainableParameters(), 2e-3);
        }
        return recentLossSum / recentCount;
    }

    @Test
    void learningRateWarmsUpThenDecays() {
        SftSettings settings = SftCommand.settings(SftCommand.parse(new String[] {
            "--output", "x", "--steps", "100", "--warmup", "10", "--lr", "1e-3", "--min-lr-ratio", "0.1"}));

        assertThat(settings.learningRateAt(0)).isEqualTo(1e-4, offset(1e-12));
        assertThat(settings.learningRateAt(9)).isEqualTo(1e-3, offset(1e-12));
        assertThat(settings.learningRateAt(99)).isBetween(1e-4, 1.01e-4);
        assertThat(settings.distribution()).isEqualTo(CountdownDistribution.REAL);
    }

    @Test
    void timeBudgetEndsDecay() {
        SftSettings settings = SftCommand.settings(SftCommand.parse(new String[] {
            "--output", "x", "--steps", "1000", "--warmup", "10", "--lr", "1e-3", "--min-lr-ratio", "0.1",
            "--max-minutes", "10"}));

        assertThat(settings.learningRateAt(20, 0.0)).isGreaterThan(9.9e-4);
        assertThat(settings.learningRateAt(20, 5.0)).isEqualTo(5.5e-4, offset(1e-6));
        assertThat(settings.learningRateAt(20, 10.0)).isEqualTo(1e-4, offset(1e-12));
    }
}
