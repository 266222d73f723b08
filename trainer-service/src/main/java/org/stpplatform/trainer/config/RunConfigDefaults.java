package org.stpplatform.trainer.config;

import java.util.List;
import org.stpplatform.common.api.TaskName;
import org.stpplatform.trainer.config.RunConfig.CheckpointPolicy;
import org.stpplatform.trainer.config.RunConfig.DatasetConfig;
import org.stpplatform.trainer.config.RunConfig.EvaluationConfig;
import org.stpplatform.trainer.config.RunConfig.GenerationConfig;
import org.stpplatform.trainer.config.RunConfig.ModelSpec;
import org.stpplatform.trainer.config.RunConfig.OptimizerConfig;
import org.stpplatform.trainer.config.RunConfig.RolloutConfig;
import org.stpplatform.trainer.config.RunConfig.ServiceDefaults;
import org.stpplatform.trainer.config.RunConfig.SpatialPruning;

/**
 * Defaults of the nested parts of {@link RunConfig}. The training values are the STP paper's
 * (AdamW lr 3e-6, betas 0.9/0.99, weight decay 0.1, clip 0.2; N 256, block 32, 128 steps, T 0.9);
 * the tiny built-in model needs its own, which the launcher passes explicitly.
 */
final class RunConfigDefaults {

    /** Built-in model used when a Countdown run names none. */
    static final String DEFAULT_COUNTDOWN_MODEL = "countdown-tiny";

    private RunConfigDefaults() {
    }

    static DatasetConfig dataset(DatasetConfig given, TaskName task) {
        DatasetConfig value = given != null ? given : new DatasetConfig(null, null, null, null, null, null, null, null);
        DatasetSource source = value.source() != null ? value.source()
                : (task == TaskName.COUNTDOWN && value.trainPath() == null ? DatasetSource.GENERATED
                        : DatasetSource.FILE);
        return new DatasetConfig(
                source,
                value.trainPath(),
                value.evalPath(),
                value.trainSize() != null ? value.trainSize() : 1000,
                value.evalSize() != null ? value.evalSize() : 64,
                value.systemPrompt(),
                source == DatasetSource.GENERATED && value.countdownDistribution() == null ? "real"
                        : value.countdownDistribution(),
                source == DatasetSource.GENERATED && value.evalSeed() == null ? Long.valueOf(RunConfig.DEFAULT_EVAL_SEED)
                        : value.evalSeed());
    }

    static ModelSpec model(ModelSpec given, TaskName task) {
        ModelSpec value = given != null ? given : new ModelSpec(null, null, null, null);
        String name = value.name() != null ? value.name()
                : (task == TaskName.COUNTDOWN ? DEFAULT_COUNTDOWN_MODEL : null);
        return new ModelSpec(name, value.checkpoint(), value.tokenizer(),
                value.device() != null ? value.device() : "cpu");
    }

    static SpatialPruning spatialPruning(SpatialPruning given, Algorithm algorithm, TaskName task) {
        double taskRho = task == TaskName.MATH ? RunConfig.DEFAULT_RHO_MATH : RunConfig.DEFAULT_RHO;
        if (given == null) {
            return algorithm.pruningByDefault()
                    ? new SpatialPruning(AnchorStrategyName.MASK_ANSWER_LOW_CONFIDENCE, taskRho)
                    : new SpatialPruning(AnchorStrategyName.OFF, null);
        }
        AnchorStrategyName strategy = given.strategy() != null ? given.strategy()
                : AnchorStrategyName.MASK_ANSWER_LOW_CONFIDENCE;
        if (strategy == AnchorStrategyName.OFF) {
            return new SpatialPruning(AnchorStrategyName.OFF, null);
        }
        return new SpatialPruning(strategy, given.rho() != null ? given.rho() : taskRho);
    }

    static OptimizerConfig optimizer(OptimizerConfig given) {
        OptimizerConfig value = given != null ? given : new OptimizerConfig(null, null, null, null, null, null);
        return new OptimizerConfig(
                value.learningRate() != null ? value.learningRate() : 3e-6,
                value.beta1() != null ? value.beta1() : 0.9,
                value.beta2() != null ? value.beta2() : 0.99,
                value.epsilon() != null ? value.epsilon() : 1e-8,
                value.weightDecay() != null ? value.weightDecay() : 0.1,
                value.gradientClipNorm() != null ? value.gradientClipNorm() : 0.2);
    }

    static GenerationConfig generation(GenerationConfig given) {
        GenerationConfig value = given != null ? given : new GenerationConfig(null, null, null, null, null);
        int length = value.generationLength() != null ? value.generationLength() : 256;
        int block = value.blockLength() != null ? value.blockLength() : Math.min(32, length);
        return new GenerationConfig(
                length,
                block,
                value.denoisingSteps() != null ? value.denoisingSteps() : Math.max(1, length / 2),
                value.temperature() != null ? value.temperature() : 0.9,
                value.remasking() != null ? value.remasking() : RemaskingName.LOW_CONFIDENCE);
    }

    static EvaluationConfig evaluation(EvaluationConfig given) {
        EvaluationConfig value = given != null ? given : new EvaluationConfig(null, null, null, null);
        return new EvaluationConfig(
                value.intervalSteps() != null ? value.intervalSteps() : 0,
                value.generationLengths() != null ? List.copyOf(value.generationLengths()) : List.of(256),
                value.blockLength() != null ? value.blockLength() : 32,
                value.beforeTraining() != null ? value.beforeTraining() : Boolean.TRUE);
    }

    static RolloutConfig rollout(RolloutConfig given, ServiceDefaults defaults) {
        RolloutConfig value = given != null ? given : new RolloutConfig(null, null, null, null, null, null);
        RolloutMode mode = value.mode() != null ? value.mode() : RolloutMode.SYNC;
        List<String> endpoints = value.endpoints();
        if (endpoints == null && value.discoveryDnsName() == null) {
            endpoints = defaults.rolloutEndpoints();
        }
        return new RolloutConfig(
                mode,
                value.maxStaleness() != null ? value.maxStaleness() : (mode == RolloutMode.ASYNC ? 1 : 0),
                endpoints != null ? List.copyOf(endpoints) : null,
                value.discoveryDnsName(),
                value.discoveryDnsName() != null && value.discoveryPort() == null ? Integer.valueOf(8082)
                        : value.discoveryPort(),
                value.jobTimeoutSeconds() != null ? value.jobTimeoutSeconds() : 600);
    }

    static CheckpointPolicy checkpoint(CheckpointPolicy given) {
        CheckpointPolicy value = given != null ? given : new CheckpointPolicy(null, null);
        return new CheckpointPolicy(
                value.intervalSteps() != null ? value.intervalSteps() : 1,
                value.retention() != null ? value.retention() : 3);
    }
}
