package org.stpplatform.trainer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;
import org.stpplatform.trainer.run.RunRepository;
import org.stpplatform.trainer.run.RunState;
import org.stpplatform.trainer.step.StepMetrics;

/**
 * Micrometer meters of the trainer: per-run gauges of the newest step, the phase timer, the
 * last-step timestamp (for "trainer stuck" alerts), run counts by state and dropped stale groups.
 */
@Component
public class TrainerMetrics {

    /** Phases of {@code stp.trainer.phase.duration}. */
    public enum Phase { ROLLOUT, SCORING, UPDATE, PUSH }

    private final MeterRegistry registry;
    private final Map<String, AtomicReference<StepMetrics>> latestByRun = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<Double>> accuracyByRun = new ConcurrentHashMap<>();
    private final Map<Phase, Timer> phaseTimers = new ConcurrentHashMap<>();
    private final AtomicLong lastStepEpochMillis = new AtomicLong();

    public TrainerMetrics(MeterRegistry registry, RunRepository runs) {
        this.registry = registry;
        for (RunState state : RunState.values()) {
            Gauge.builder("stp.trainer.runs", runs, r -> r.countByState(state))
                    .description("Runs by state")
                    .tag("state", state.wireName())
                    .register(registry);
        }
        Gauge.builder("stp.trainer.last.step.timestamp", lastStepEpochMillis, v -> v.get() / 1000.0)
                .description("Time the newest step of any run was recorded")
                .baseUnit("seconds")
                .register(registry);
        for (Phase phase : Phase.values()) {
            phaseTimers.put(phase, Timer.builder("stp.trainer.phase.duration")
                    .description("Duration of one phase of an RL step")
                    .tag("phase", phase.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry));
        }
    }

    /** Publishes a recorded step: updates the run's gauges, the phase timers and the last-step time. */
    public void recordStep(String runId, StepMetrics step) {
        AtomicReference<StepMetrics> holder = latestByRun.computeIfAbsent(runId, this::registerRunGauges);
        holder.set(step);
        phaseTimers.get(Phase.ROLLOUT).record(Duration.ofMillis(step.rolloutMillis()));
        phaseTimers.get(Phase.SCORING).record(Duration.ofMillis(step.scoringMillis()));
        phaseTimers.get(Phase.UPDATE).record(Duration.ofMillis(step.updateMillis()));
        phaseTimers.get(Phase.PUSH).record(Duration.ofMillis(step.pushMillis()));
        lastStepEpochMillis.set(System.currentTimeMillis());
    }

    /** Publishes the accuracy of the newest evaluation of a run. */
    public void recordAccuracy(String runId, double accuracy) {
        accuracyByRun.computeIfAbsent(runId, id -> {
            AtomicReference<Double> holder = new AtomicReference<>(Double.NaN);
            Gauge.builder("stp.trainer.accuracy", holder, h -> h.get())
                    .description("Greedy held-out accuracy of the newest evaluation")
                    .tag("run", id)
                    .register(registry);
            return holder;
        }).set(accuracy);
    }

    public void countDroppedStale(String runId, int groups) {
        if (groups > 0) {
            Counter.builder("stp.trainer.groups.dropped.stale")
                    .description("Groups dropped for exceeding the staleness bound or the step")
                    .tag("run", runId)
                    .register(registry)
                    .increment(groups);
        }
    }

    private AtomicReference<StepMetrics> registerRunGauges(String runId) {
        AtomicReference<StepMetrics> holder = new AtomicReference<>();
        gauge("stp.trainer.step", runId, holder, StepMetrics::step);
        gauge("stp.trainer.reward.mean", runId, holder, StepMetrics::rewardMean);
        gauge("stp.trainer.reward.std", runId, holder, StepMetrics::rewardStd);
        gauge("stp.trainer.loss", runId, holder, StepMetrics::loss);
        gauge("stp.trainer.kl", runId, holder, StepMetrics::kl);
        gauge("stp.trainer.clip.fraction", runId, holder, StepMetrics::clipFraction);
        gauge("stp.trainer.zero.spread.fraction", runId, holder, StepMetrics::zeroSpreadFraction);
        gauge("stp.trainer.estimator.variance", runId, holder,
                s -> s.estimatorVariance() == null ? Double.NaN : s.estimatorVariance());
        gauge("stp.trainer.estimator.variance.unpruned", runId, holder,
                s -> s.unprunedEstimatorVariance() == null ? Double.NaN : s.unprunedEstimatorVariance());
        gauge("stp.trainer.nfe.per.sample", runId, holder, StepMetrics::nfePerSample);
        gauge("stp.trainer.early.exit.rate", runId, holder, StepMetrics::earlyExitRate);
        gauge("stp.trainer.anchor.fraction", runId, holder, StepMetrics::anchorFraction);
        gauge("stp.trainer.policy.version.lag", runId, holder, StepMetrics::policyVersionLag);
        return holder;
    }

    private void gauge(String name, String runId, AtomicReference<StepMetrics> holder,
            ToDoubleFunction<StepMetrics> value) {
        Gauge.builder(name, holder, h -> h.get() == null ? Double.NaN : value.applyAsDouble(h.get()))
                .tag("run", runId)
                .register(registry);
    }
}
