package org.stpplatform.rollout.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.stpplatform.engine.sampling.Canvas;
import org.stpplatform.engine.sampling.DecodingSettings;
import org.stpplatform.engine.sampling.Generation;

/** Micrometer meters of the rollout service, all named {@code stp.rollout.*}. */
public class RolloutMetrics {

    private final MeterRegistry registry;
    private final Counter tokensGenerated;
    private final DistributionSummary nfe;
    private final Counter savedForwards;
    private final DistributionSummary anchorFraction;
    private final DistributionSummary tokensPerStep;
    private final DistributionSummary batchSize;
    private final Timer swapSuccess;
    private final Timer swapFailure;

    public RolloutMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.tokensGenerated = Counter.builder("stp.rollout.tokens.generated")
                .description("Completion positions decoded by the sampler (N minus anchors per sequence)")
                .baseUnit("tokens")
                .register(registry);
        this.nfe = DistributionSummary.builder("stp.rollout.nfe")
                .description("Forward passes per generated sample")
                .register(registry);
        this.savedForwards = Counter.builder("stp.rollout.early.exit.saved.forwards")
                .description("Per-sequence forward passes that early exit saved: the passes the schedule"
                        + " plans for the sequence's free positions minus the passes it took")
                .register(registry);
        this.anchorFraction = DistributionSummary.builder("stp.rollout.anchor.fraction")
                .description("Fraction of completion positions fixed by the spatial-pruning canvas, per sample")
                .register(registry);
        this.tokensPerStep = DistributionSummary.builder("stp.rollout.tokens.per.step")
                .description("Decoded positions per forward pass, per sample")
                .register(registry);
        this.batchSize = DistributionSummary.builder("stp.rollout.batch.size")
                .description("Sequences per sampler batch")
                .register(registry);
        this.swapSuccess = swapTimer("success");
        this.swapFailure = swapTimer("failure");
    }

    private Timer swapTimer(String outcome) {
        return Timer.builder("stp.rollout.weight.swap")
                .description("Duration of weight pushes from receipt to swap or rejection")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** Registers the gauge of work items waiting for a generation worker. */
    public void registerQueueDepth(Supplier<Number> depth) {
        Gauge.builder("stp.rollout.queue.depth", depth)
                .description("Batches waiting for a generation worker")
                .register(registry);
    }

    /** Registers the gauge of the served policy version; -1 while no model is loaded. */
    public void registerPolicyVersion(Supplier<Number> version) {
        Gauge.builder("stp.rollout.policy.version", version)
                .description("Policy version of the served weights")
                .register(registry);
    }

    /**
     * Records one finished batch.
     *
     * @param canvases the batch's canvases in sequence order; null entries are all-MASK canvases
     */
    public void recordBatch(DecodingSettings settings, List<Canvas> canvases, List<Generation> sequences) {
        if (sequences.isEmpty()) {
            return;
        }
        batchSize.record(sequences.size());
        int n = settings.generationLength();
        for (int b = 0; b < sequences.size(); b++) {
            Generation sequence = sequences.get(b);
            int decoded = n - sequence.anchorCount();
            tokensGenerated.increment(decoded);
            nfe.record(sequence.nfe());
            anchorFraction.record((double) sequence.anchorCount() / n);
            if (sequence.nfe() > 0) {
                tokensPerStep.record((double) decoded / sequence.nfe());
            }
            if (sequence.earlyExit()) {
                savedForwards.increment(Math.max(0, plannedPasses(settings, canvases.get(b)) - sequence.nfe()));
            }
        }
    }

    /**
     * Returns the forward passes a sequence takes without early exit: per block, the sampler skips
     * the steps that commit nothing, so a block with m free positions over s steps costs min(m, s).
     */
    static int plannedPasses(DecodingSettings settings, Canvas canvas) {
        int stepsPerBlock = settings.stepsPerBlock();
        if (canvas == null) {
            return settings.blockCount() * Math.min(settings.blockLength(), stepsPerBlock);
        }
        boolean[] anchors = canvas.anchors();
        int passes = 0;
        for (int block = 0; block < settings.blockCount(); block++) {
            int free = 0;
            for (int i = block * settings.blockLength(); i < (block + 1) * settings.blockLength(); i++) {
                free += anchors[i] ? 0 : 1;
            }
            passes += Math.min(free, stepsPerBlock);
        }
        return passes;
    }

    /** Records a weight push that was swapped in or rejected. */
    public void recordSwap(Duration duration, boolean success) {
        (success ? swapSuccess : swapFailure).record(duration);
    }
}
