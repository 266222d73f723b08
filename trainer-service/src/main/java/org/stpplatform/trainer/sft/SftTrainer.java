package org.stpplatform.trainer.sft;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stpplatform.engine.model.LladaModel;
import org.stpplatform.engine.model.ModelConfig;
import org.stpplatform.engine.tokenizer.TextTokenizer;
import org.stpplatform.trainer.dataset.countdown.CountdownGenerator;
import org.stpplatform.trainer.dataset.countdown.CountdownInstance;
import org.stpplatform.trainer.dataset.countdown.HeldOutSplit;
import org.stpplatform.trainer.dataset.countdown.SolvedInstance;

/**
 * Runs masked-diffusion supervised training of the built-in Countdown model on solver traces with
 * AdamW, evaluates on held-out instances, and writes checkpoints with their recipe.
 *
 * <p>Each step samples a batch with replacement from the generated training set, computes
 * {@link MaskedDiffusionLoss} and updates with {@link SftOptimizer}.
 */
public final class SftTrainer {

    private static final Logger log = LoggerFactory.getLogger(SftTrainer.class);

    /** Offset between the training-data seed and the held-out seed, so the two draws differ. */
    private static final long HELD_OUT_SEED_OFFSET = 1_000_003L;

    /** Offset of the seed that picks which training traces carry the flaw. */
    private static final long FLAW_SEED_OFFSET = 2_000_003L;

    private final SftSettings settings;
    private final ModelConfig modelConfig;
    private final TextTokenizer tokenizer;
    private final String tokenizerName;
    private final List<String> commandLine;

    /** One held-out evaluation during training. */
    public record EvaluationPoint(int step, double elapsedSeconds, double loss, double greedyAccuracy,
            double sampledAccuracy, double mixedGroupShare) {
    }

    public SftTrainer(SftSettings settings, ModelConfig modelConfig, TextTokenizer tokenizer, String tokenizerName,
            List<String> commandLine) {
        this.settings = settings;
        this.modelConfig = modelConfig;
        this.tokenizer = tokenizer;
        this.tokenizerName = tokenizerName;
        this.commandLine = List.copyOf(commandLine);
    }

    /** Trains, writes the final checkpoint and recipe to the output folder, and returns the recipe. */
    public SftRecipe run() throws IOException {
        Instant started = Instant.now();
        CountdownGenerator generator = new CountdownGenerator(settings.distribution(), HeldOutSplit.DEFAULT);
        List<SftExample> training = tokenize(generator.training(settings.trainSize(), settings.seed()));
        int heldOutCount = Math.max(settings.evalSize(), settings.groupPrompts());
        List<CountdownInstance> heldOut = new ArrayList<>();
        for (SolvedInstance solved : generator.heldOut(heldOutCount, settings.seed() + HELD_OUT_SEED_OFFSET)) {
            heldOut.add(solved.instance());
        }
        log.info("sft data ready distribution={} trainSize={} heldOut={} seconds={}",
                settings.distribution().name(), training.size(), heldOut.size(),
                Duration.between(started, Instant.now()).toSeconds());

        Files.createDirectories(settings.outputDir());
        try (LladaModel model = createModel()) {
            log.info("sft model ready name={} parameters={} layers={} width={}", settings.modelName(),
                    model.parameterCount(), modelConfig.layerCount(), modelConfig.modelWidth());
            TrainingLoop loop = new TrainingLoop(model, training, heldOut, started);
            loop.train();
            CountdownEvaluator.Report finalReport = loop.evaluate();
            log.info("sft final greedyAccuracy={} sampledAccuracy={} mixedGroupShare={} example={}",
                    finalReport.greedyAccuracy(), finalReport.sampledAccuracy(), finalReport.mixedGroupShare(),
                    finalReport.example());
            SftRecipe recipe = SftRecipe.of(settings, commandLine, model.parameterCount(), loop.stepsDone,
                    Duration.between(started, Instant.now()), loop.lastLoss, finalReport, loop.history);
            model.save(settings.outputDir(), tokenizerName);
            recipe.write(settings.outputDir().resolve(SftRecipe.FILE_NAME));
            log.info("sft checkpoint written dir={}", settings.outputDir().toAbsolutePath());
            return recipe;
        }
    }

    private LladaModel createModel() throws IOException {
        if (settings.initCheckpoint() != null) {
            log.info("sft starting from checkpoint path={}", settings.initCheckpoint());
            return LladaModel.load(settings.initCheckpoint(), null, Device.cpu());
        }
        return LladaModel.create(modelConfig, null, Device.cpu(), settings.seed());
    }

    private List<SftExample> tokenize(List<SolvedInstance> instances) {
        List<SftExample> examples = new ArrayList<>(instances.size());
        Random flawDraw = new Random(settings.seed() + FLAW_SEED_OFFSET);
        int flawed = 0;
        for (SolvedInstance solved : instances) {
            boolean withFlaw = settings.flaw() != TraceFlaw.NONE && flawDraw.nextDouble() < settings.flawShare();
            String trace = (withFlaw ? settings.flaw() : TraceFlaw.NONE).apply(solved.solution());
            flawed += withFlaw ? 1 : 0;
            examples.add(new SftExample(CountdownPrompts.encode(tokenizer, solved.instance()),
                    CountdownPrompts.encodeCompletion(tokenizer, trace, settings.generationLength())));
        }
        if (flawed > 0) {
            log.info("sft traces with flaw={} count={} of {}", settings.flaw().label(), flawed, instances.size());
        }
        return examples;
    }

    /** The mutable state of one training run. */
    private final class TrainingLoop {

        private final LladaModel model;
        private final List<SftExample> training;
        private final List<CountdownInstance> heldOut;
        private final Instant started;
        private final Random random = new Random(settings.seed());
        private final CountdownEvaluator evaluator;
        private final SftOptimizer optimizer;
        private final List<EvaluationPoint> history = new ArrayList<>();
        private int stepsDone;
        private double lastLoss = Double.NaN;
        private int skippedSteps;

        TrainingLoop(LladaModel model, List<SftExample> training, List<CountdownInstance> heldOut, Instant started) {
            this.model = model;
            this.training = training;
            this.heldOut = heldOut;
            this.started = started;
            this.evaluator = new CountdownEvaluator(model, tokenizer, new CountdownEvaluator.DecodingShape(
                    settings.generationLength(), settings.blockLength(), settings.decodingSteps()));
            this.optimizer = new SftOptimizer(settings.weightDecay(), settings.gradientClipNorm());
        }

        void train() throws IOException {
            double lossSum = 0;
            long maskedCount = 0;
            long maskedCorrect = 0;
            int window = 0;
            Instant windowStart = Instant.now();
            for (int step = 0; step < settings.steps(); step++) {
                double learningRate = settings.learningRateAt(step, elapsedMinutes());
                MaskedStep result = step(sampleBatch(), learningRate);
                stepsDone = step + 1;
                if (Double.isFinite(result.gradientNorm)) {
                    lossSum += result.loss;
                    maskedCount += result.maskedCount;
                    maskedCorrect += result.maskedCorrect;
                    window++;
                } else {
                    skippedSteps++;
                    log.warn("sft update skipped step={} loss={} gradNorm={} skippedSteps={}", stepsDone, result.loss,
                            result.gradientNorm, skippedSteps);
                }

                if (stepsDone % settings.logEvery() == 0 && window > 0) {
                    lastLoss = lossSum / window;
                    double secondsPerStep = Duration.between(windowStart, Instant.now()).toMillis() / 1000.0 / window;
                    log.info("sft step={}/{} loss={} maskedAccuracy={} lr={} gradNorm={} secondsPerStep={}"
                                    + " elapsedMinutes={} skippedSteps={}",
                            stepsDone, settings.steps(), round(lastLoss),
                            round((double) maskedCorrect / Math.max(1, maskedCount)),
                            String.format("%.2e", learningRate), round(result.gradientNorm), round(secondsPerStep),
                            round(elapsedMinutes()), skippedSteps);
                    lossSum = 0;
                    maskedCount = 0;
                    maskedCorrect = 0;
                    window = 0;
                    windowStart = Instant.now();
                }
                if (settings.evalEvery() > 0 && stepsDone % settings.evalEvery() == 0 && stepsDone < settings.steps()) {
                    evaluate();
                }
                if (settings.checkpointEvery() > 0 && stepsDone % settings.checkpointEvery() == 0) {
                    writeIntermediate();
                }
                if (settings.maxMinutes() > 0 && elapsedMinutes() > settings.maxMinutes()) {
                    log.info("sft time budget reached step={} maxMinutes={}", stepsDone, settings.maxMinutes());
                    break;
                }
            }
            if (window > 0) {
                lastLoss = lossSum / window;
            }
        }

        CountdownEvaluator.Report evaluate() {
            Instant evalStart = Instant.now();
            List<CountdownInstance> greedy = heldOut.subList(0, Math.min(settings.evalSize(), heldOut.size()));
            List<CountdownInstance> grouped = heldOut.subList(0, Math.min(settings.groupPrompts(), heldOut.size()));
            CountdownEvaluator.Report report = evaluator.evaluate(greedy, grouped, settings.groupSize(),
                    settings.groupTemperature(), settings.seed());
            history.add(new EvaluationPoint(stepsDone, round(elapsedMinutes() * 60), round(lastLoss),
                    report.greedyAccuracy(), report.sampledAccuracy(), report.mixedGroupShare()));
            log.info("sft eval step={} greedyAccuracy={} ({} prompts) greedyAnswerShare={} sampledAccuracy={}"
                            + " sampledAnswerShare={} mixedGroupShare={} ({} prompts, G={}, T={}) seconds={} example={}",
                    stepsDone, round(report.greedyAccuracy()), report.greedyCount(), round(report.greedyAnswerShare()),
                    round(report.sampledAccuracy()), round(report.sampledAnswerShare()),
                    round(report.mixedGroupShare()), report.groupPromptCount(), report.groupSize(), report.temperature(),
                    Duration.between(evalStart, Instant.now()).toSeconds(), report.example());
            return report;
        }

        private void writeIntermediate() throws IOException {
            Path dir = settings.outputDir().resolve("checkpoints").resolve(String.format("step-%06d", stepsDone));
            Files.createDirectories(dir);
            model.save(dir, tokenizerName);
            SftRecipe.of(settings, commandLine, model.parameterCount(), stepsDone,
                    Duration.between(started, Instant.now()), lastLoss, null, history)
                    .write(dir.resolve(SftRecipe.FILE_NAME));
            log.info("sft intermediate checkpoint step={} dir={}", stepsDone, dir);
        }

        private List<SftExample> sampleBatch() {
            List<SftExample> batch = new ArrayList<>(settings.batchSize());
            for (int i = 0; i < settings.batchSize(); i++) {
                batch.add(training.get(random.nextInt(training.size())));
            }
            return batch;
        }

        private MaskedStep step(List<SftExample> batch, double learningRate) {
            double loss;
            int maskedCount;
            int maskedCorrect;
            try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                MaskedDiffusionLoss.Result result = MaskedDiffusionLoss.compute(model, manager, batch, random);
                collector.backward(result.loss());
                loss = result.loss().getFloat();
                maskedCount = result.maskedCount();
                maskedCorrect = result.maskedCorrect();
            }
            double gradientNorm = optimizer.step(model.trainableParameters(), learningRate);
            return new MaskedStep(loss, maskedCount, maskedCorrect, gradientNorm);
        }

        private double elapsedMinutes() {
            return Duration.between(started, Instant.now()).toMillis() / 60_000.0;
        }
    }

    /** Loss and counts of one optimizer step. */
    private record MaskedStep(double loss, int maskedCount, int maskedCorrect, double gradientNorm) {
    }

    static double round(double value) {
        return Math.round(value * 10_000.0) / 10_000.0;
    }
}
