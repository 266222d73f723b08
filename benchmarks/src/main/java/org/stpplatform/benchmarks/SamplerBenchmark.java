package org.stpplatform.benchmarks;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.stpplatform.engine.estimator.Batch;
import org.stpplatform.engine.estimator.Estimator;
import org.stpplatform.engine.estimator.LogLikelihoodEstimator;
import org.stpplatform.engine.estimator.MaskedTokenLoss;
import org.stpplatform.engine.grpo.AdamW;
import org.stpplatform.engine.model.DiffusionModel;
import org.stpplatform.engine.model.LladaModel;
import org.stpplatform.engine.model.ModelConfig;
import org.stpplatform.engine.sampling.Canvas;
import org.stpplatform.engine.sampling.DecodingSettings;
import org.stpplatform.engine.sampling.DiffusionSampler;
import org.stpplatform.engine.sampling.Generation;
import org.stpplatform.engine.sampling.Remasking;
import org.stpplatform.engine.stp.AnchorSelector;
import org.stpplatform.engine.stp.AnchorStrategy;
import org.stpplatform.engine.tokenizer.TaskTokenizer;

/**
 * Sampler cost with and without STP pruning, and the variance of the STP log-likelihood estimate
 * against the unpruned ELBO estimate on the same sequences. Prints a Markdown report. Not a unit
 * test.
 *
 * <p>Model: a tiny LLaDA-architecture model trained here with the masked-token loss on an
 * addition task (prompt {@code 12+34=}, completion
 * {@code <reasoning>12+34</reasoning><answer>46</answer>} then EOS), or a task-tokenizer
 * checkpoint given with {@code --checkpoint}.
 *
 * <p>Sampler: the same prompts decoded with early exit off, with early exit at tau (and at 0.8),
 * and from STP canvases (priors sampled once from the model, anchors by
 * {@code mask_answer_low_confidence} at rho and at 0.5) with early exit. Wall and CPU time are
 * the fastest of three runs; CPU time is the calling thread's, which with one intra-op thread
 * contains the forward passes and is less disturbed by other processes than wall time.
 *
 * <p>Variance: the completions decoded from the STP canvases are re-estimated with S mask seeds by
 * the STP estimator (anchors kept) and the ELBO estimator (no anchors); the variance of the
 * length-normalised sequence estimate across seeds, averaged over sequences, gives one ratio per
 * repeat; repeats use disjoint seeds.
 *
 * <p>Usage: {@code java -cp ... org.stpplatform.benchmarks.SamplerBenchmark [--prompts 64]
 * [--repeats 5] [--seeds 16] [--train-steps 400] [--rho 0.95] [--tau 0.95] [--checkpoint DIR]
 * [--threads 1]}
 */
public final class SamplerBenchmark {

    private static final int GENERATION_LENGTH = 64;
    private static final int BLOCK_LENGTH = 8;
    private static final int STEPS = 32;
    private static final double TEMPERATURE = 0.9;
    private static final int BATCH = 16;
    private static final TaskTokenizer TOKENIZER = TaskTokenizer.instance();
    /** Second, lower anchor ratio and early-exit threshold, to show how the savings scale. */
    private static final double LOW_RHO = 0.5;
    private static final double LOW_TAU = 0.8;

    private SamplerBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        // Every JVM that loads DJL runs offline, because otherwise DJL contacts outside hosts at start.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        int threads = intArgument(args, "--threads", 1);
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        int promptCount = intArgument(args, "--prompts", 64);
        int repeats = intArgument(args, "--repeats", 5);
        int seedCount = intArgument(args, "--seeds", 16);
        int trainSteps = intArgument(args, "--train-steps", 400);
        double rho = doubleArgument(args, "--rho", 0.95);
        double tau = doubleArgument(args, "--tau", 0.95);
        String checkpoint = stringArgument(args, "--checkpoint", null);

        Engine engine = Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(threads);
        System.out.printf(Locale.ROOT, "engine=%s %s, intra-op threads=%d, cpus=%d%n",
                engine.getEngineName(), engine.getVersion(), threads, Runtime.getRuntime().availableProcessors());

        try (LladaModel model = checkpoint == null ? trainTinyModel(trainSteps)
                : LladaModel.load(Path.of(checkpoint), null, Device.cpu())) {
            CountingModel counting = new CountingModel(model);
            List<int[]> prompts = additionPrompts(promptCount, new SplittableRandom(17));
            List<Canvas> lowRhoCanvases = stpCanvases(model, prompts, LOW_RHO);
            List<Canvas> canvases = stpCanvases(model, prompts, rho);

            System.out.printf(Locale.ROOT, "%n### Sampler cost (%d prompts, N %d, block %d, %d steps, T %.1f,"
                    + " batch %d)%n%n", promptCount, GENERATION_LENGTH, BLOCK_LENGTH, STEPS, TEMPERATURE, BATCH);
            System.out.println("| decoding | anchors | mean NFE per sample | forward calls | wall s | CPU s | CPU vs full |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|");
            SamplerRun full = runSampler(counting, prompts, null, 0);
            printRun("full (no early exit)", null, full, full);
            printRun(String.format(Locale.ROOT, "early exit tau %.2f", tau), null,
                    runSampler(counting, prompts, null, tau), full);
            printRun(String.format(Locale.ROOT, "early exit tau %.2f", LOW_TAU), null,
                    runSampler(counting, prompts, null, LOW_TAU), full);
            SamplerRun pruned = runSampler(counting, prompts, canvases, tau);
            printRun(String.format(Locale.ROOT, "STP canvas rho %.2f + early exit tau %.2f", rho, tau), canvases,
                    pruned, full);
            SamplerRun lowRhoPruned = runSampler(counting, prompts, lowRhoCanvases, tau);
            printRun(String.format(Locale.ROOT, "STP canvas rho %.2f + early exit tau %.2f", LOW_RHO, tau),
                    lowRhoCanvases, lowRhoPruned, full);
            // A second run of the first row shows how far other load on the machine moved the timings.
            printRun("full again (timing drift check)", null, runSampler(counting, prompts, null, 0), full);

            printVariance(model, stpBatch(prompts, pruned.generations, canvases), repeats, seedCount, rho);
            printVariance(model, stpBatch(prompts, lowRhoPruned.generations, lowRhoCanvases), repeats, seedCount,
                    LOW_RHO);
        }
    }

    /** Trains the tiny model with the masked-token loss and AdamW; returns it. */
    private static LladaModel trainTinyModel(int steps) {
        ModelConfig config = new ModelConfig(TaskTokenizer.size(), 64, 2, 4, 128, 10000, 96, 1e-5,
                TaskTokenizer.MASK_ID, TaskTokenizer.EOS_ID);
        LladaModel model = LladaModel.create(config, null, Device.cpu(), 2025);
        SplittableRandom random = new SplittableRandom(3);
        long started = System.nanoTime();
        double lastLoss = Double.NaN;
        try (AdamW optimizer = new AdamW(model.trainableParameters(), new AdamW.Settings(3e-3, 0.9, 0.99, 1e-8, 0.0, 1.0))) {
            for (int step = 0; step < steps; step++) {
                List<int[]> prompts = new ArrayList<>();
                List<int[]> completions = new ArrayList<>();
                for (int b = 0; b < 32; b++) {
                    int left = 10 + random.nextInt(90);
                    int right = 10 + random.nextInt(90);
                    prompts.add(TOKENIZER.encode(left + "+" + right + "="));
                    completions.add(completion(left, right));
                }
                try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                        GradientCollector collector = engineCollector()) {
                    NDArray loss = MaskedTokenLoss.compute(manager, model, prompts, completions, random);
                    collector.backward(loss);
                    lastLoss = loss.getFloat();
                }
                optimizer.step();
            }
        }
        System.out.printf(Locale.ROOT, "trained tiny model (%d parameters) for %d steps in %.1f s, last loss %.3f%n",
                model.parameterCount(), steps, (System.nanoTime() - started) / 1e9, lastLoss);
        return model;
    }

    private static GradientCollector engineCollector() {
        return Engine.getEngine("PyTorch").newGradientCollector();
    }

    private static int[] completion(int left, int right) {
        String text = "<reasoning>" + left + "+" + right + "</reasoning><answer>" + (left + right) + "</answer>";
        int[] ids = TOKENIZER.encode(text);
        int[] padded = new int[GENERATION_LENGTH];
        Arrays.fill(padded, TaskTokenizer.EOS_ID);
        System.arraycopy(ids, 0, padded, 0, ids.length);
        return padded;
    }

    private static List<int[]> additionPrompts(int count, SplittableRandom random) {
        List<int[]> prompts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            prompts.add(TOKENIZER.encode((10 + random.nextInt(90)) + "+" + (10 + random.nextInt(90)) + "="));
        }
        return prompts;
    }

    /** Samples one prior per prompt, scores it with one all-mask pass and selects anchors. */
    private static List<Canvas> stpCanvases(DiffusionModel model, List<int[]> prompts, double rho) {
        DecodingSettings settings = settings(0, 99);
        List<Generation> priors = generateAll(new DiffusionSampler(model), prompts, null, settings);
        List<Canvas> canvases = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            int[] prior = priors.get(i).tokens();
            double[] scores = AnchorSelector.priorScores(model, prompts.get(i), prior);
            canvases.add(AnchorSelector.select(prior, scores, AnchorStrategy.MASK_ANSWER_LOW_CONFIDENCE, rho, TOKENIZER, i));
        }
        return canvases;
    }

    private record SamplerRun(List<Generation> generations, double meanNfe, long forwardCalls, double wallSeconds,
            double cpuSeconds) {
    }

    private static SamplerRun runSampler(CountingModel model, List<int[]> prompts, List<Canvas> canvases, double tau) {
        DiffusionSampler sampler = new DiffusionSampler(model);
        DecodingSettings settings = settings(tau, 1);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double bestWall = Double.POSITIVE_INFINITY;
        double bestCpu = Double.POSITIVE_INFINITY;
        List<Generation> generations = null;
        long calls = 0;
        for (int run = 0; run < 3; run++) {
            long before = model.calls.get();
            long started = System.nanoTime();
            long cpuStarted = threads.getCurrentThreadCpuTime();
            generations = generateAll(sampler, prompts, canvases, settings);
            bestCpu = Math.min(bestCpu, (threads.getCurrentThreadCpuTime() - cpuStarted) / 1e9);
            bestWall = Math.min(bestWall, (System.nanoTime() - started) / 1e9);
            calls = model.calls.get() - before;
        }
        double meanNfe = generations.stream().mapToInt(Generation::nfe).average().orElse(0);
        return new SamplerRun(generations, meanNfe, calls, bestWall, bestCpu);
    }

    private static List<Generation> generateAll(DiffusionSampler sampler, List<int[]> prompts, List<Canvas> canvases,
            DecodingSettings settings) {
        List<Generation> generations = new ArrayList<>();
        for (int from = 0; from < prompts.size(); from += BATCH) {
            int to = Math.min(prompts.size(), from + BATCH);
            List<Canvas> part = canvases == null ? null : canvases.subList(from, to);
            generations.addAll(sampler.generate(prompts.subList(from, to), part, settings.withSeed(settings.seed() + from)));
        }
        return generations;
    }

    private static DecodingSettings settings(double tau, long seed) {
        return new DecodingSettings(GENERATION_LENGTH, BLOCK_LENGTH, STEPS, TEMPERATURE, Remasking.LOW_CONFIDENCE, tau, seed);
    }

    private static void printRun(String name, List<Canvas> canvases, SamplerRun run, SamplerRun full) {
        double anchorFraction = canvases == null ? 0 : canvases.stream().mapToInt(Canvas::anchorCount).sum()
                / (double) (canvases.size() * GENERATION_LENGTH);
        System.out.printf(Locale.ROOT, "| %s | %.1f %% | %.2f | %d | %.3f | %.3f | %.2f |%n", name, 100 * anchorFraction,
                run.meanNfe, run.forwardCalls, run.wallSeconds, run.cpuSeconds, run.cpuSeconds / full.cpuSeconds);
    }

    private static Batch stpBatch(List<int[]> prompts, List<Generation> generations, List<Canvas> canvases) {
        List<int[]> completions = new ArrayList<>();
        List<boolean[]> anchors = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            completions.add(generations.get(i).tokens());
            anchors.add(canvases.get(i).anchors());
        }
        return Batch.of(prompts, completions, anchors, TaskTokenizer.EOS_ID);
    }

    private static void printVariance(DiffusionModel model, Batch batch, int repeats, int seedCount, double rho) {
        LogLikelihoodEstimator stp = new LogLikelihoodEstimator(Estimator.STP, 3, 0.15);
        LogLikelihoodEstimator elbo = new LogLikelihoodEstimator(Estimator.ELBO, 3, 0.15);
        LogLikelihoodEstimator weighted = new LogLikelihoodEstimator(Estimator.ELBO_WEIGHTED, 3, 0.15);
        System.out.printf(Locale.ROOT, "%n### Estimator variance (%d sequences, K 3, %d seeds per repeat, rho %.2f)%n%n",
                batch.size(), seedCount, rho);
        System.out.println("| repeat | STP variance | ELBO variance | weighted ELBO variance | STP / ELBO |");
        System.out.println("|---:|---:|---:|---:|---:|");
        double[] ratios = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long[] seeds = new long[seedCount];
            for (int s = 0; s < seedCount; s++) {
                seeds[s] = 1_000_000L * (r + 1) + s;
            }
            double stpVariance = mean(stp.varianceProbe(model, batch, seeds, true));
            double elboVariance = mean(elbo.varianceProbe(model, batch, seeds, true));
            double weightedVariance = mean(weighted.varianceProbe(model, batch, seeds, true));
            ratios[r] = stpVariance / elboVariance;
            System.out.printf(Locale.ROOT, "| %d | %.4e | %.4e | %.4e | %.4f |%n",
                    r + 1, stpVariance, elboVariance, weightedVariance, ratios[r]);
        }
        double meanRatio = mean(ratios);
        double spread = 0;
        for (double ratio : ratios) {
            spread += (ratio - meanRatio) * (ratio - meanRatio);
        }
        spread = repeats > 1 ? Math.sqrt(spread / (repeats - 1)) : 0;
        System.out.printf(Locale.ROOT, "%nSTP / ELBO variance ratio at rho %.2f: %.4f +- %.4f (mean +- std over %d repeats)%n",
                rho, meanRatio, spread, repeats);
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    /** Delegating model that counts batched forward calls. */
    private static final class CountingModel implements DiffusionModel {
        final DiffusionModel delegate;
        final AtomicLong calls = new AtomicLong();

        CountingModel(DiffusionModel delegate) {
            this.delegate = delegate;
        }

        @Override
        public ModelConfig config() {
            return delegate.config();
        }

        @Override
        public Device device() {
            return delegate.device();
        }

        @Override
        public NDArray logits(NDArray tokens, NDArray keyPaddingMask, boolean useAdapters) {
            calls.incrementAndGet();
            return delegate.logits(tokens, keyPaddingMask, useAdapters);
        }

        @Override
        public Map<String, NDArray> trainableParameters() {
            return delegate.trainableParameters();
        }

        @Override
        public Map<String, NDArray> namedParameters() {
            return delegate.namedParameters();
        }

        @Override
        public void loadWeights(Map<String, NDArray> tensors) {
            delegate.loadWeights(tensors);
        }

        @Override
        public void close() {
        }
    }

    private static int intArgument(String[] args, String name, int defaultValue) {
        String value = stringArgument(args, name, null);
        try {
            return value == null ? defaultValue : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs an integer, got '" + value + "'", e);
        }
    }

    private static double doubleArgument(String[] args, String name, double defaultValue) {
        String value = stringArgument(args, name, null);
        try {
            return value == null ? defaultValue : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number, got '" + value + "'", e);
        }
    }

    private static String stringArgument(String[] args, String name, String defaultValue) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return defaultValue;
    }
}
