package org.stpplatform.benchmarks;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.stpplatform.engine.model.BuiltinModels;
import org.stpplatform.engine.model.LladaModel;
import org.stpplatform.engine.model.ModelConfig;

/**
 * Forward and forward+backward throughput of the built-in models on the CPU, set against the
 * measured float32 matrix-multiply rate of the same machine and thread count. Prints a Markdown
 * report. Every timing is the fastest of a fixed number of iterations, in thread CPU time, and
 * needs one intra-op thread to mean compute time. Not a unit test.
 *
 * <p>Model FLOPs per token count only matrix multiplications (the usual model-FLOP-utilisation
 * convention): forward {@code 2 * N + 4 * layers * T * E}, with N the parameters of every linear
 * layer (block projections and the head, not the embedding lookup) and {@code 4 * T * E} the two
 * attention products per layer; forward+backward is three times the forward.
 *
 * <p>Usage: {@code java -cp ... org.stpplatform.benchmarks.ModelThroughputBenchmark [--threads N]
 * [--iterations N]}
 */
public final class ModelThroughputBenchmark {

    private static final int MATMUL_SIZE = 1024;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ModelThroughputBenchmark() {
    }

    /** One measured case: a built-in model at a batch size and sequence length. */
    private record Case(String model, int batch, int length) {
    }

    private record Result(Case benchCase, long parameters, double forwardSeconds,
            double trainSeconds, double matmulOnlySeconds, double forwardFlopsPerToken) {

        double tokens() {
            return (double) benchCase.batch() * benchCase.length();
        }
    }

    public static void main(String[] args) {
        // Every JVM that loads DJL runs offline, because otherwise DJL contacts outside hosts at start.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        // NOTE: with more than one intra-op thread, CPU time of the calling thread undercounts the
        // work done by PyTorch's pool threads, so rates above one thread are overstated.
        int threads = intArgument(args, "--threads", 1);
        int iterations = intArgument(args, "--iterations", 5);
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");

        Engine engine = Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(threads);
        System.out.printf(Locale.ROOT, "engine=%s %s, intra-op threads=%d, cpus=%d, iterations=%d%n",
                engine.getEngineName(), engine.getVersion(), threads,
                Runtime.getRuntime().availableProcessors(), iterations);

        double matmulFlops = measureMatmul(iterations * 4);
        List<Result> results = new ArrayList<>();
        for (Case benchCase : List.of(new Case(BuiltinModels.COUNTDOWN_TINY, 32, 128),
                new Case(BuiltinModels.BENCH_10M, 8, 256))) {
            results.add(measureModel(benchCase, iterations));
        }
        double matmulFlopsAfter = measureMatmul(iterations * 4);
        printReport(Math.max(matmulFlops, matmulFlopsAfter), results);
        System.out.printf(Locale.ROOT, "%nmatmul rate before the models %.1f GFLOP/s, after %.1f GFLOP/s;"
                + " the higher one is the reference above%n", matmulFlops / 1e9, matmulFlopsAfter / 1e9);
    }

    /** Returns the float32 FLOP/s of a square {@value #MATMUL_SIZE} matrix multiplication. */
    private static double measureMatmul(int iterations) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray a = manager.randomNormal(new Shape(MATMUL_SIZE, MATMUL_SIZE));
            NDArray b = manager.randomNormal(new Shape(MATMUL_SIZE, MATMUL_SIZE));
            double seconds = time(iterations, () -> a.matMul(b).close());
            return 2.0 * MATMUL_SIZE * MATMUL_SIZE * MATMUL_SIZE / seconds;
        }
    }

    private static Result measureModel(Case benchCase, int iterations) {
        ModelConfig config = BuiltinModels.config(benchCase.model());
        try (LladaModel model = LladaModel.create(config, null, Device.cpu(), 1);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray tokens = randomTokens(manager, config, benchCase);

            JniUtils.setGradMode(false);
            double forward = time(iterations, () -> model.logits(tokens, null).close());

            JniUtils.setGradMode(true);
            double train = time(iterations, () -> {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector();
                        NDManager step = manager.newSubManager()) {
                    NDArray logits = model.logits(tokens, null);
                    logits.attach(step);
                    // Cross entropy against the input tokens: the masked-token loss without the mask.
                    NDArray loss = logits.logSoftmax(-1)
                            .gather(tokens.expandDims(-1), -1)
                            .mean()
                            .neg();
                    collector.backward(loss);
                }
            });
            JniUtils.setGradMode(false);

            double matmulOnly = timeMatmulSkeleton(config, benchCase, iterations);
            return new Result(benchCase, model.parameterCount(), forward, train, matmulOnly,
                    forwardFlopsPerToken(config, benchCase.length()));
        }
    }

    /**
     * Times only the matrix multiplications of one forward pass, with the model's shapes and the
     * same DJL calls, so that the difference to the full forward is the cost of everything else.
     */
    private static double timeMatmulSkeleton(ModelConfig config, Case benchCase, int iterations) {
        long batch = benchCase.batch();
        long length = benchCase.length();
        long width = config.modelWidth();
        long heads = config.headCount();
        long headWidth = config.headWidth();
        long feedForward = config.feedForwardWidth();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = manager.randomNormal(new Shape(batch, length, width));
            NDArray hidden = manager.randomNormal(new Shape(batch, length, feedForward));
            NDArray square = manager.randomNormal(new Shape(width, width));
            NDArray up = manager.randomNormal(new Shape(feedForward, width));
            NDArray down = manager.randomNormal(new Shape(width, feedForward));
            NDArray head = manager.randomNormal(new Shape(config.vocabularySize(), width));
            NDArray q = manager.randomNormal(new Shape(batch, heads, length, headWidth));
            NDArray scores = manager.randomNormal(new Shape(batch, heads, length, length));
            Runnable forward = () -> {
                try (NDManager scope = manager.newSubManager()) {
                    for (int layer = 0; layer < config.layerCount(); layer++) {
                        for (int projection = 0; projection < 4; projection++) {
                            Linear.linear(x, square).attach(scope);
                        }
                        Linear.linear(x, up).attach(scope);
                        Linear.linear(x, up).attach(scope);
                        Linear.linear(hidden, down).attach(scope);
                        q.matMul(q.transpose(0, 1, 3, 2)).attach(scope);
                        scores.matMul(q).attach(scope);
                    }
                    Linear.linear(x, head).attach(scope);
                }
            };
            return time(iterations, forward);
        }
    }

    private static double forwardFlopsPerToken(ModelConfig config, int length) {
        double width = config.modelWidth();
        double linearParameters = config.layerCount()
                * (4 * width * width + 3 * width * config.feedForwardWidth())
                + config.vocabularySize() * width;
        return 2 * linearParameters + 4.0 * config.layerCount() * length * width;
    }

    private static NDArray randomTokens(NDManager manager, ModelConfig config, Case benchCase) {
        Random random = new Random(7);
        long[] ids = new long[benchCase.batch() * benchCase.length()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(config.vocabularySize());
        }
        return manager.create(ids, new Shape(benchCase.batch(), benchCase.length()))
                .toType(DataType.INT64, false);
    }

    /**
     * Returns the fastest of {@code iterations} calls after two warm-up calls, in seconds of the
     * calling thread's CPU time. With one intra-op thread PyTorch computes on the calling thread, so
     * CPU time leaves out the time the thread waited for a core on a shared machine. The minimum
     * rather than the mean, because other processes only ever add time (through caches, too).
     */
    private static double time(int iterations, Runnable body) {
        for (int i = 0; i < 2; i++) {
            body.run();
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < iterations; i++) {
            long start = THREADS.getCurrentThreadCpuTime();
            body.run();
            best = Math.min(best, THREADS.getCurrentThreadCpuTime() - start);
        }
        return best / 1e9;
    }

    private static void printReport(double matmulFlops, List<Result> results) {
        System.out.printf(Locale.ROOT, "%nfloat32 matmul %dx%d: %.1f GFLOP/s%n%n",
                MATMUL_SIZE, MATMUL_SIZE, matmulFlops / 1e9);
        System.out.println("| model | parameters | batch x length | forward tokens/s | forward MFU"
                + " | fwd+bwd tokens/s | fwd+bwd MFU | forward time in matmuls |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Result result : results) {
            double forwardRate = result.tokens() / result.forwardSeconds();
            double trainRate = result.tokens() / result.trainSeconds();
            double forwardUtilisation = forwardRate * result.forwardFlopsPerToken() / matmulFlops;
            double trainUtilisation = trainRate * 3 * result.forwardFlopsPerToken() / matmulFlops;
            System.out.printf(Locale.ROOT, "| %s | %.2fM | %d x %d | %.0f | %.0f %% | %.0f | %.0f %% | %.0f %% |%n",
                    result.benchCase().model(), result.parameters() / 1e6,
                    result.benchCase().batch(), result.benchCase().length(),
                    forwardRate, 100 * forwardUtilisation, trainRate, 100 * trainUtilisation,
                    100 * result.matmulOnlySeconds() / result.forwardSeconds());
        }
    }

    private static int intArgument(String[] args, String name, int defaultValue) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                try {
                    return Integer.parseInt(args[i + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " needs an integer, got '" + args[i + 1] + "'", e);
                }
            }
        }
        return defaultValue;
    }
}
