package org.stpplatform.engine.grpo;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.stpplatform.engine.estimator.Batch;
import org.stpplatform.engine.estimator.Estimator;
import org.stpplatform.engine.estimator.LogLikelihoodEstimator;
import org.stpplatform.engine.model.DiffusionModel;
import org.stpplatform.engine.sampling.InferenceScope;
import org.stpplatform.engine.sampling.Seeds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One GRPO update of a masked diffusion policy on scored groups, as in STP (Liu et al., arXiv
 * 2602.08905):
 *
 * <ol>
 *   <li>group advantages, with zero-spread groups skipped or kept;
 *   <li>mask seeds s_1..s_mu, one per inner iteration;
 *   <li>l_old (the policy before this update) and l_ref for every seed, without gradient;
 *   <li>for j = 1..mu: l_theta with seed s_j, the clipped GRPO loss, backward over micro-batches,
 *       and one AdamW step.
 * </ol>
 *
 * <p>The reference policy is {@code reference} when given (a frozen copy for full-weight
 * training), otherwise the policy with its LoRA adapters off. Only one gradient collector may be
 * open per JVM, so a process runs one step at a time.
 *
 * <p>NOTE: forward passes go through {@link DiffusionModel#logits}, which has no training flag,
 * so LoRA dropout is never applied here; the paper trains with adapter dropout 0.05.
 */
public final class GrpoStep {

    private static final Logger LOG = LoggerFactory.getLogger(GrpoStep.class);

    /**
     * Rows the variance probe re-estimates: the first rows of the step, at most this many. The
     * probe reports a mean over rows, and at K = 3 draws per seed its forward passes would
     * otherwise cost about as much as the update itself. An estimator with anchors probes these
     * rows twice, once pruned and once unpruned.
     */
    static final int VARIANCE_PROBE_MAX_ROWS = 24;

    private final DiffusionModel policy;
    private final DiffusionModel reference;
    private final AdamW optimizer;
    private final GrpoSettings settings;

    /**
     * @param reference frozen reference model, or null to use {@code policy} with adapters off
     *     (then the policy must have LoRA adapters, or the KL term is always 0)
     * @param optimizer AdamW over {@code policy.trainableParameters()}
     */
    public GrpoStep(DiffusionModel policy, DiffusionModel reference, AdamW optimizer, GrpoSettings settings) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.reference = reference;
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Runs one update.
     *
     * @param stepSeed seed of this step's mask seeds
     */
    public StepResult run(List<GrpoGroup> groups, long stepSeed) {
        long started = System.nanoTime();
        Advantages.GroupAdvantages advantages = Advantages.compute(
                groups.stream().map(GrpoGroup::rewards).toList(), settings.advantageMode(), settings.zeroSpreadPolicy());
        Rows rows = Rows.of(groups, advantages, policy.config().eosTokenId());
        if (rows.batch == null) {
            LOG.info("GRPO step skipped: every group has zero reward spread groups={}", groups.size());
            return new StepResult(0, 0, 0, advantages.zeroSpreadGroups(), groups.size(), 0, Double.NaN, Double.NaN,
                    0, 0, Duration.ofNanos(System.nanoTime() - started));
        }
        LogLikelihoodEstimator estimator = settings.logLikelihoodEstimator();
        GrpoLoss loss = settings.loss();
        long[] maskSeeds = new long[settings.innerIterations()];
        for (int j = 0; j < maskSeeds.length; j++) {
            maskSeeds[j] = Seeds.mix(stepSeed, j);
        }
        float[][] old = precompute(estimator, policy, true, rows.batch, maskSeeds);
        float[][] ref = settings.beta() > 0
                ? precompute(estimator, reference == null ? policy : reference, reference != null, rows.batch, maskSeeds)
                : null;

        double[][] weights = GrpoLoss.tokenWeights(rows.batch.completionLengths(), rows.batch.generationLength(),
                settings.aggregation(), rows.validTokens, rows.batch.size());
        double lossSum = 0;
        double klSum = 0;
        double clipSum = 0;
        double gradNormSum = 0;
        for (int j = 0; j < maskSeeds.length; j++) {
            IterationMetrics metrics = innerIteration(estimator, loss, rows, weights, old[j],
                    ref == null ? null : ref[j], maskSeeds[j]);
            double gradNorm = optimizer.step();
            lossSum += metrics.loss;
            klSum += metrics.kl;
            clipSum += metrics.clipFraction;
            gradNormSum += gradNorm;
            LOG.debug("GRPO inner iteration={} loss={} kl={} clipFraction={} gradNorm={}",
                    j, metrics.loss, metrics.kl, metrics.clipFraction, gradNorm);
        }
        ProbeVariances probe = probeVariances(estimator, rows.batch, stepSeed);
        int mu = maskSeeds.length;
        return new StepResult(lossSum / mu, klSum / mu, clipSum / mu, advantages.zeroSpreadGroups(), groups.size(),
                gradNormSum / mu, probe.estimatorVariance, probe.unprunedVariance, rows.validTokens, mu,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Runs the variance probe on the first rows of {@code batch}. When the estimator keeps anchors
     * unmasked, it probes the same rows with the same seeds again with {@link Estimator#ELBO} and
     * the same K, which draws the same masks but masks the anchors as well.
     *
     * @return mean variances across rows, NaN where the probe is off or does not apply
     */
    private ProbeVariances probeVariances(LogLikelihoodEstimator estimator, Batch batch, long stepSeed) {
        if (settings.varianceProbeSeeds() == 0) {
            return new ProbeVariances(Double.NaN, Double.NaN);
        }
        long[] probeSeeds = new long[settings.varianceProbeSeeds()];
        for (int s = 0; s < probeSeeds.length; s++) {
            probeSeeds[s] = Seeds.mix(stepSeed, -1, s);
        }
        Batch probed = batch.size() > VARIANCE_PROBE_MAX_ROWS ? batch.slice(0, VARIANCE_PROBE_MAX_ROWS) : batch;
        double variance = meanVariance(estimator, probed, probeSeeds);
        double unprunedVariance = Double.NaN;
        if (estimator.estimator().usesAnchors()) {
            LogLikelihoodEstimator unpruned = new LogLikelihoodEstimator(Estimator.ELBO, estimator.sampleCount(),
                    settings.promptMaskProbability());
            unprunedVariance = meanVariance(unpruned, probed, probeSeeds);
        }
        return new ProbeVariances(variance, unprunedVariance);
    }

    private double meanVariance(LogLikelihoodEstimator estimator, Batch batch, long[] seeds) {
        return Arrays.stream(estimator.varianceProbe(policy, batch, seeds, true)).average().orElse(0);
    }

    /** Returns per seed the [B * N] token log-likelihoods of {@code model}, computed without gradient. */
    private float[][] precompute(LogLikelihoodEstimator estimator, DiffusionModel model, boolean useAdapters,
            Batch batch, long[] maskSeeds) {
        float[][] result = new float[maskSeeds.length][];
        int length = batch.generationLength();
        try (InferenceScope ignored = InferenceScope.enter();
                NDManager manager = NDManager.newBaseManager(model.device())) {
            for (int j = 0; j < maskSeeds.length; j++) {
                result[j] = new float[batch.size() * length];
                for (int from = 0; from < batch.size(); from += settings.microBatchSize()) {
                    int to = Math.min(batch.size(), from + settings.microBatchSize());
                    try (NDManager scope = manager.newSubManager()) {
                        float[] values = estimator.tokenLogLikelihoods(scope, model, batch.slice(from, to), from,
                                maskSeeds[j], useAdapters).toFloatArray();
                        System.arraycopy(values, 0, result[j], from * length, values.length);
                    }
                }
            }
        }
        return result;
    }

    /** Accumulates the gradient of the loss over all micro-batches for one mask seed. */
    private IterationMetrics innerIteration(LogLikelihoodEstimator estimator, GrpoLoss loss, Rows rows,
            double[][] weights, float[] old, float[] ref, long maskSeed) {
        Batch batch = rows.batch;
        int length = batch.generationLength();
        IterationMetrics metrics = new IterationMetrics();
        double klWeighted = 0;
        double clipWeighted = 0;
        long tokens = 0;
        for (int from = 0; from < batch.size(); from += settings.microBatchSize()) {
            int to = Math.min(batch.size(), from + settings.microBatchSize());
            Shape shape = new Shape(to - from, length);
            try (NDManager scope = NDManager.newBaseManager(policy.device());
                    GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray current = estimator.tokenLogLikelihoods(scope, policy, batch.slice(from, to), from, maskSeed, true);
                NDArray oldArray = scope.create(Arrays.copyOfRange(old, from * length, to * length), shape);
                NDArray refArray = ref == null ? null
                        : scope.create(Arrays.copyOfRange(ref, from * length, to * length), shape);
                GrpoLoss.Output output = loss.compute(current, oldArray, refArray,
                        Arrays.copyOfRange(rows.advantages, from, to), Arrays.copyOfRange(weights, from, to));
                collector.backward(output.loss());
                GrpoMetrics part = output.metrics();
                metrics.loss += part.loss();
                klWeighted += part.kl() * part.validTokens();
                clipWeighted += part.clipFraction() * part.validTokens();
                tokens += part.validTokens();
            }
        }
        metrics.kl = tokens == 0 ? 0 : klWeighted / tokens;
        metrics.clipFraction = tokens == 0 ? 0 : clipWeighted / tokens;
        return metrics;
    }

    /** Mean probe variances of the run's estimator and of its unpruned counterpart. */
    private record ProbeVariances(double estimatorVariance, double unprunedVariance) {
    }

    private static final class IterationMetrics {
        double loss;
        double kl;
        double clipFraction;
    }

    /** The rows of the groups that enter the loss, with their advantages. */
    private static final class Rows {
        Batch batch;
        double[] advantages;
        long validTokens;

        static Rows of(List<GrpoGroup> groups, Advantages.GroupAdvantages advantages, int eosTokenId) {
            List<int[]> prompts = new ArrayList<>();
            List<int[]> completions = new ArrayList<>();
            List<boolean[]> anchors = new ArrayList<>();
            List<Double> rowAdvantages = new ArrayList<>();
            for (int g = 0; g < groups.size(); g++) {
                if (advantages.skipped()[g]) {
                    continue;
                }
                GrpoGroup group = groups.get(g);
                for (int i = 0; i < group.completions().size(); i++) {
                    prompts.add(group.prompt());
                    completions.add(group.completions().get(i));
                    anchors.add(group.anchors());
                    rowAdvantages.add(advantages.advantages().get(g)[i]);
                }
            }
            Rows rows = new Rows();
            if (prompts.isEmpty()) {
                return rows;
            }
            rows.batch = Batch.of(prompts, completions, anchors, eosTokenId);
            rows.advantages = rowAdvantages.stream().mapToDouble(Double::doubleValue).toArray();
            rows.validTokens = Arrays.stream(rows.batch.completionLengths()).asLongStream().sum();
            return rows;
        }
    }
}
