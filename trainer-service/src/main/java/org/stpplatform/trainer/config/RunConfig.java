package org.stpplatform.trainer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.stpplatform.common.api.TaskName;

/**
 * Configuration of a training run, as posted to {@code POST /v1/runs} and stored with the run.
 * Every field may be omitted on the wire; {@link #withDefaults(ServiceDefaults)} fills the gaps (some defaults
 * depend on the algorithm) and {@link RunConfigValidator} checks the result before any compute is
 * spent. The stored configuration is the one with defaults applied.
 *
 * @param name free-text label shown in listings
 * @param task the reward task: gsm8k, math or countdown
 * @param dataset training prompts and the held-out evaluation set
 * @param model architecture, starting checkpoint and device of the policy
 * @param algorithm stp, diffu-grpo or elbo-grpo
 * @param estimator log-likelihood estimator; defaults to the algorithm's
 * @param estimatorSamples K, Monte Carlo samples per log-likelihood estimate
 * @param spatialPruning anchor strategy and masking ratio rho, or strategy off
 * @param earlyExitTau temporal pruning threshold in (0, 1]; 0 turns early exit off
 * @param groupSize G, completions per prompt
 * @param promptsPerStep prompts (groups) per RL step
 * @param innerIterations mu, loss iterations per batch of groups
 * @param clipEpsilon eps of the clipped surrogate
 * @param klBeta beta, weight of the k3 KL penalty against the reference policy
 * @param optimizer AdamW settings
 * @param lora LoRA adapter settings; null trains every weight
 * @param generation decoding settings of the training rollouts
 * @param steps number of RL steps
 * @param evaluation greedy evaluation on the held-out set
 * @param seed seed of prompt order, mask draws, rollouts and initialisation
 * @param rollout rollout replicas and the sync or async mode
 * @param rewardServiceUrl base URL of the reward service, e.g. {@code http://127.0.0.1:8081}
 * @param checkpoint how often checkpoints are written and how many are kept
 * @param zeroSpreadGroups keep or skip groups whose rewards are all equal
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunConfig(
        String name,
        TaskName task,
        DatasetConfig dataset,
        ModelSpec model,
        Algorithm algorithm,
        EstimatorName estimator,
        Integer estimatorSamples,
        SpatialPruning spatialPruning,
        Double earlyExitTau,
        Integer groupSize,
        Integer promptsPerStep,
        Integer innerIterations,
        Double clipEpsilon,
        Double klBeta,
        OptimizerConfig optimizer,
        LoraSpec lora,
        GenerationConfig generation,
        Integer steps,
        EvaluationConfig evaluation,
        Long seed,
        RolloutConfig rollout,
        String rewardServiceUrl,
        CheckpointPolicy checkpoint,
        ZeroSpreadName zeroSpreadGroups) {

    /** Seed of the generated Countdown held-out draw when a run gives none. */
    public static final long DEFAULT_EVAL_SEED = 1L;
    /** Paper default of rho for GSM8K and Countdown. */
    public static final double DEFAULT_RHO = 0.95;
    /** Paper default of rho for MATH. */
    public static final double DEFAULT_RHO_MATH = 0.85;
    /** Paper default of tau: stop once 95 % of the completion positions are decided. */
    public static final double DEFAULT_EARLY_EXIT_TAU = 0.95;

    /**
     * Dataset of a run.
     *
     * @param source generated (Countdown only) or file
     * @param trainPath JSON Lines file of training examples, for source file
     * @param evalPath JSON Lines file of held-out examples; without it the last {@code evalSize}
     *     lines of the training file are held out
     * @param trainSize number of training examples to use (generated: to generate)
     * @param evalSize number of held-out examples
     * @param systemPrompt system text placed before each question; null uses the task's template
     * @param countdownDistribution for generated Countdown: {@code real} (3 numbers in 1..99,
     *     target 10..100), {@code small}, or {@code COUNT:NUMBERS:TARGETS} such as {@code 3:1..30:10..60}
     * @param evalSeed for generated Countdown: seed of the held-out draw. It is separate from the run
     *     seed so that runs with different seeds are evaluated on the same prompts
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DatasetConfig(
            DatasetSource source,
            String trainPath,
            String evalPath,
            Integer trainSize,
            Integer evalSize,
            String systemPrompt,
            String countdownDistribution,
            Long evalSeed) {
    }

    /**
     * Policy model.
     *
     * @param name built-in architecture name (e.g. {@code countdown-tiny}) or {@code custom}
     * @param checkpoint safetensors file or directory to start from. Null starts from the base
     *     checkpoint shipped on the classpath, or from random weights seeded by the run without one
     * @param tokenizer path of a Hugging Face {@code tokenizer.json}; null uses the built-in
     *     model's tokenizer
     * @param device cpu, gpu or auto
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelSpec(String name, String checkpoint, String tokenizer, String device) {
    }

    /**
     * Spatial pruning.
     *
     * @param strategy anchor selection strategy, or off
     * @param rho fraction of the non-answer prior tokens left masked, in (0, 1]
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SpatialPruning(AnchorStrategyName strategy, Double rho) {

        public boolean enabled() {
            return strategy != null && strategy != AnchorStrategyName.OFF;
        }
    }

    /**
     * AdamW with decoupled weight decay and global-norm gradient clipping.
     *
     * @param learningRate step size
     * @param beta1 first-moment decay
     * @param beta2 second-moment decay
     * @param epsilon denominator guard
     * @param weightDecay decoupled weight decay coefficient
     * @param gradientClipNorm maximum global L2 norm of the gradient; 0 turns clipping off
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OptimizerConfig(
            Double learningRate,
            Double beta1,
            Double beta2,
            Double epsilon,
            Double weightDecay,
            Double gradientClipNorm) {
    }

    /**
     * LoRA adapters on the named linear layers.
     *
     * @param rank adapter rank r
     * @param alpha scaling numerator; the update is scaled by alpha / r
     * @param dropout dropout on the adapter input, in [0, 1)
     * @param targets names of the adapted projections, e.g. q_proj, k_proj, v_proj
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LoraSpec(Integer rank, Double alpha, Double dropout, List<String> targets) {
    }

    /**
     * Decoding of the training rollouts (LLaDA semi-autoregressive sampling).
     *
     * @param generationLength N, completion tokens
     * @param blockLength tokens per block; divides N
     * @param denoisingSteps forward passes over the whole completion; a multiple of N / block
     * @param temperature sampling temperature; 0 is greedy
     * @param remasking low_confidence or random
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GenerationConfig(
            Integer generationLength,
            Integer blockLength,
            Integer denoisingSteps,
            Double temperature,
            RemaskingName remasking) {
    }

    /**
     * Greedy evaluation on the held-out set before training, every {@code intervalSteps} steps and
     * after the last step.
     *
     * @param intervalSteps steps between evaluations; 0 evaluates only before and after training
     * @param generationLengths completion lengths to evaluate at; each uses steps = length / 2
     * @param blockLength block length of the evaluation decoding, capped at each length
     * @param beforeTraining whether to evaluate the starting checkpoint
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EvaluationConfig(
            Integer intervalSteps,
            List<Integer> generationLengths,
            Integer blockLength,
            Boolean beforeTraining) {
    }

    /**
     * Rollout replicas.
     *
     * @param mode sync waits for groups of the current version; async accepts older ones
     * @param maxStaleness policy versions a group may lag behind in async mode
     * @param endpoints base URLs of the replicas, e.g. {@code http://127.0.0.1:8082}
     * @param discoveryDnsName host name whose address records list the replicas, used instead of
     *     {@code endpoints}
     * @param discoveryPort port of the discovered replicas
     * @param jobTimeoutSeconds time a replica may take for one job before its prompts go to
     *     another replica
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RolloutConfig(
            RolloutMode mode,
            Integer maxStaleness,
            List<String> endpoints,
            String discoveryDnsName,
            Integer discoveryPort,
            Integer jobTimeoutSeconds) {
    }

    /**
     * Checkpoint policy.
     *
     * @param intervalSteps steps between checkpoints; the last step always writes one
     * @param retention number of newest checkpoints kept on disk
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CheckpointPolicy(Integer intervalSteps, Integer retention) {
    }

    /** Returns whether spatial pruning is on after defaults. */
    public boolean spatialPruningEnabled() {
        return spatialPruning != null && spatialPruning.enabled();
    }

    /** Returns whether early exit is on after defaults. */
    public boolean earlyExitEnabled() {
        return earlyExitTau != null && earlyExitTau > 0;
    }

    /**
     * Returns a copy in which every omitted field has its default. Defaults that depend on other
     * fields use those fields' values as given (the algorithm picks the estimator and whether
     * pruning is on; the task picks rho).
     *
     * @param defaults service-level defaults of the reward URL and the rollout endpoints
     */
    public RunConfig withDefaults(ServiceDefaults defaults) {
        Algorithm algorithmOrDefault = algorithm != null ? algorithm : Algorithm.STP;
        return new RunConfig(
                name,
                task,
                RunConfigDefaults.dataset(dataset, task),
                RunConfigDefaults.model(model, task),
                algorithmOrDefault,
                estimator != null ? estimator : algorithmOrDefault.defaultEstimator(),
                estimatorSamples != null ? estimatorSamples
                        : (algorithmOrDefault == Algorithm.DIFFU_GRPO ? 1 : 3),
                RunConfigDefaults.spatialPruning(spatialPruning, algorithmOrDefault, task),
                earlyExitTau != null ? earlyExitTau
                        : (algorithmOrDefault.pruningByDefault() ? DEFAULT_EARLY_EXIT_TAU : 0.0),
                groupSize != null ? groupSize : 6,
                promptsPerStep != null ? promptsPerStep : 4,
                innerIterations != null ? innerIterations : 4,
                clipEpsilon != null ? clipEpsilon
                        : (algorithmOrDefault == Algorithm.DIFFU_GRPO ? 0.5 : 0.2),
                klBeta != null ? klBeta : 0.04,
                RunConfigDefaults.optimizer(optimizer),
                lora,
                RunConfigDefaults.generation(generation),
                steps,
                RunConfigDefaults.evaluation(evaluation),
                seed != null ? seed : 42L,
                RunConfigDefaults.rollout(rollout, defaults),
                rewardServiceUrl != null ? rewardServiceUrl : defaults.rewardServiceUrl(),
                RunConfigDefaults.checkpoint(checkpoint),
                zeroSpreadGroups != null ? zeroSpreadGroups : ZeroSpreadName.KEEP);
    }

    /**
     * Service-level defaults that a run configuration may omit.
     *
     * @param rewardServiceUrl reward service base URL
     * @param rolloutEndpoints rollout replica base URLs
     */
    public record ServiceDefaults(String rewardServiceUrl, List<String> rolloutEndpoints) {
    }
}
