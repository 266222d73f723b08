package org.stpplatform.trainer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stpplatform.common.api.TaskName;
import org.stpplatform.common.web.FieldViolation;
import org.stpplatform.trainer.config.RunConfig.EvaluationConfig;
import org.stpplatform.trainer.config.RunConfig.GenerationConfig;
import org.stpplatform.trainer.config.RunConfig.LoraSpec;
import org.stpplatform.trainer.config.RunConfig.OptimizerConfig;
import org.stpplatform.trainer.config.RunConfig.RolloutConfig;
import org.stpplatform.trainer.config.RunConfig.ServiceDefaults;
import org.stpplatform.trainer.config.RunConfig.SpatialPruning;

class RunConfigValidatorTest {

    private static final ServiceDefaults DEFAULTS =
            new ServiceDefaults("http://127.0.0.1:8081", List.of("http://127.0.0.1:8082"));
    private static final ModelCatalog MODELS = new BuiltinModelCatalog();

    private static RunConfig countdown(int steps) {
        return new RunConfig(null, TaskName.COUNTDOWN, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, new GenerationConfig(64, 32, 32, null, null), steps,
                new EvaluationConfig(null, List.of(64), null, null), null, null, null, null, null);
    }

    private static List<String> fields(RunConfig config) {
        return RunConfigValidator.validate(config.withDefaults(DEFAULTS), MODELS).stream()
                .map(FieldViolation::field).toList();
    }

    @Test
    void minimalCountdownRunIsValid() {
        assertThat(fields(countdown(3))).isEmpty();
    }

    @Test
    void defaultsFollowTheAlgorithm() {
        RunConfig stp = countdown(3).withDefaults(DEFAULTS);
        assertThat(stp.algorithm()).isEqualTo(Algorithm.STP);
        assertThat(stp.estimator()).isEqualTo(EstimatorName.STP);
        assertThat(stp.spatialPruning().strategy()).isEqualTo(AnchorStrategyName.MASK_ANSWER_LOW_CONFIDENCE);
        assertThat(stp.spatialPruning().rho()).isEqualTo(0.95);
        assertThat(stp.earlyExitTau()).isEqualTo(0.95);
        assertThat(stp.model().name()).isEqualTo("countdown-tiny");
        assertThat(stp.dataset().source()).isEqualTo(DatasetSource.GENERATED);
        assertThat(stp.rollout().endpoints()).containsExactly("http://127.0.0.1:8082");

        RunConfig diffu = withAlgorithm(countdown(3), Algorithm.DIFFU_GRPO).withDefaults(DEFAULTS);
        assertThat(diffu.estimator()).isEqualTo(EstimatorName.ONE_STEP);
        assertThat(diffu.estimatorSamples()).isEqualTo(1);
        assertThat(diffu.spatialPruningEnabled()).isFalse();
        assertThat(diffu.earlyExitEnabled()).isFalse();
        assertThat(diffu.clipEpsilon()).isEqualTo(0.5);

        RunConfig elbo = withAlgorithm(countdown(3), Algorithm.ELBO_GRPO).withDefaults(DEFAULTS);
        assertThat(elbo.estimator()).isEqualTo(EstimatorName.ELBO);
        assertThat(elbo.spatialPruningEnabled()).isFalse();
    }

    @Test
    void missingTaskAndStepsAreNamed() {
        RunConfig config = new RunConfig(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(fields(config)).contains("task", "steps", "model.name");
    }

    @Test
    void decodingRelationsAreChecked() {
        RunConfig blockNotDividing = withGeneration(countdown(3), new GenerationConfig(64, 24, 32, 0.9, null));
        assertThat(fields(blockNotDividing)).containsExactly("generation.blockLength");

        RunConfig stepsNotMultiple = withGeneration(countdown(3), new GenerationConfig(64, 16, 30, 0.9, null));
        assertThat(fields(stepsNotMultiple)).containsExactly("generation.denoisingSteps");

        RunConfig tooLong = withGeneration(countdown(3), new GenerationConfig(256, 32, 128, 0.9, null));
        assertThat(fields(tooLong)).containsExactly("generation.generationLength");
    }

    @Test
    void rangesOfTheObjectiveAreChecked() {
        RunConfig base = countdown(0);
        RunConfig config = new RunConfig(base.name(), base.task(), base.dataset(), base.model(), base.algorithm(),
                base.estimator(), 0, new SpatialPruning(AnchorStrategyName.RANDOM, 1.5), 1.2, 1, 0, 0, 0.0, -0.1,
                new OptimizerConfig(0.0, 1.0, 0.99, null, -1.0, null), new LoraSpec(0, 0.0, 1.0, List.of()),
                base.generation(), 0, base.evaluation(), null, null, null, null, null);
        assertThat(fields(config)).contains("steps", "estimatorSamples", "spatialPruning.rho", "earlyExitTau",
                "groupSize", "promptsPerStep", "innerIterations", "clipEpsilon", "klBeta",
                "optimizer.learningRate", "optimizer.beta1", "optimizer.weightDecay", "lora.rank", "lora.alpha",
                "lora.dropout", "lora.targets");
    }

    @Test
    void loraTargetsAndClipUpperBoundAreChecked() {
        RunConfig base = countdown(2);
        RunConfig config = new RunConfig(null, base.task(), null, null, null, null, null, null, null, null, null,
                null, 1.0, null, null, new LoraSpec(8, 16.0, 0.05, List.of("q_proj", "w_gate")), base.generation(), 2,
                base.evaluation(), null, null, null, null, null);

        List<FieldViolation> violations = RunConfigValidator.validate(config.withDefaults(DEFAULTS), MODELS);

        assertThat(violations).extracting(FieldViolation::field)
                .containsExactlyInAnyOrder("clipEpsilon", "lora.targets[1]");
        assertThat(violations).filteredOn(v -> v.field().equals("lora.targets[1]"))
                .singleElement().satisfies(v -> assertThat(v.message()).contains("w_gate", "q_proj"));
    }

    @Test
    void pruningWithOneStepEstimatorIsRejected() {
        RunConfig base = countdown(2);
        RunConfig config = new RunConfig(null, base.task(), null, null, Algorithm.STP, EstimatorName.ONE_STEP, 1,
                null, null, null, null, null, null, null, null, null, base.generation(), 2, base.evaluation(),
                null, null, null, null, null);
        assertThat(fields(config)).containsExactly("spatialPruning.strategy");
    }

    @Test
    void fileDatasetsNeedReadablePaths() {
        RunConfig base = countdown(2);
        RunConfig gsm8k = new RunConfig(null, TaskName.GSM8K,
                new RunConfig.DatasetConfig(null, "/nonexistent/train.jsonl", null, null, null, null, null, null),
                new RunConfig.ModelSpec("countdown-tiny", null, null, null), null, null, null, null, null, null,
                null, null, null, null, null, null, base.generation(), 2, base.evaluation(), null, null, null, null, null);
        assertThat(fields(gsm8k)).containsExactly("dataset.trainPath");

        RunConfig generatedGsm8k = new RunConfig(null, TaskName.GSM8K,
                new RunConfig.DatasetConfig(DatasetSource.GENERATED, null, null, null, null, null, null, null),
                new RunConfig.ModelSpec("countdown-tiny", null, null, null), null, null, null, null, null, null,
                null, null, null, null, null, null, base.generation(), 2, base.evaluation(), null, null, null, null, null);
        assertThat(fields(generatedGsm8k)).contains("dataset.source");
    }

    @Test
    void rolloutTargetsAreChecked() {
        RunConfig base = countdown(2);
        RunConfig badUrls = withRollout(base, new RolloutConfig(RolloutMode.ASYNC, 0,
                List.of("ftp://127.0.0.1/x", "http://127.0.0.1:8082"), null, null, 0));
        assertThat(fields(badUrls)).containsExactlyInAnyOrder("rollout.maxStaleness", "rollout.endpoints[0]",
                "rollout.jobTimeoutSeconds");

        RunConfig both = withRollout(base, new RolloutConfig(null, null, List.of("http://127.0.0.1:8082"),
                "rollout.local", null, null));
        assertThat(fields(both)).containsExactly("rollout.discoveryDnsName");

        RunConfig badHost = withRollout(base, new RolloutConfig(null, null, null, "not a host!", 8082, null));
        assertThat(fields(badHost)).containsExactly("rollout.discoveryDnsName");
    }

    @Test
    void unknownModelListsTheKnownOnes() {
        RunConfig base = countdown(2);
        RunConfig config = new RunConfig(null, base.task(), null, new RunConfig.ModelSpec("gpt-9", null, null, null),
                null, null, null, null, null, null, null, null, null, null, null, null, base.generation(), 2,
                base.evaluation(), null, null, null, null, null);
        List<FieldViolation> violations = RunConfigValidator.validate(config.withDefaults(DEFAULTS), MODELS);
        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).field()).isEqualTo("model.name");
        assertThat(violations.get(0).message()).contains("countdown-tiny");
    }

    private static RunConfig withAlgorithm(RunConfig c, Algorithm algorithm) {
        return new RunConfig(c.name(), c.task(), c.dataset(), c.model(), algorithm, c.estimator(),
                c.estimatorSamples(), c.spatialPruning(), c.earlyExitTau(), c.groupSize(), c.promptsPerStep(),
                c.innerIterations(), c.clipEpsilon(), c.klBeta(), c.optimizer(), c.lora(), c.generation(), c.steps(),
                c.evaluation(), c.seed(), c.rollout(), c.rewardServiceUrl(), c.checkpoint(),
                c.zeroSpreadGroups());
    }

    private static RunConfig withGeneration(RunConfig c, GenerationConfig generation) {
        return new RunConfig(c.name(), c.task(), c.dataset(), c.model(), c.algorithm(), c.estimator(),
                c.estimatorSamples(), c.spatialPruning(), c.earlyExitTau(), c.groupSize(), c.promptsPerStep(),
                c.innerIterations(), c.clipEpsilon(), c.klBeta(), c.optimizer(), c.lora(), generation, c.steps(),
                c.evaluation(), c.seed(), c.rollout(), c.rewardServiceUrl(), c.checkpoint(),
                c.zeroSpreadGroups());
    }

    private static RunConfig withRollout(RunConfig c, RolloutConfig rollout) {
        return new RunConfig(c.name(), c.task(), c.dataset(), c.model(), c.algorithm(), c.estimator(),
                c.estimatorSamples(), c.spatialPruning(), c.earlyExitTau(), c.groupSize(), c.promptsPerStep(),
                c.innerIterations(), c.clipEpsilon(), c.klBeta(), c.optimizer(), c.lora(), c.generation(), c.steps(),
                c.evaluation(), c.seed(), rollout, c.rewardServiceUrl(), c.checkpoint(),
                c.zeroSpreadGroups());
    }
}
