package org.stpplatform.rollout.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the rollout service ({@code stp.rollout.*}).
 *
 * @param model {@code builtin:<name>} for a built-in model, or the path of a LLaDA safetensors
 *     directory that also contains {@code config.json} and {@code tokenizer.json}
 * @param checkpoint optional safetensors file or directory loaded at start. Without it, a built-in
 *     model uses its shipped base checkpoint if there is one
 * @param device {@code cpu}, {@code gpu} or {@code auto} (a GPU when one is usable, else the CPU)
 * @param initSeed seed of the random initialisation used when no checkpoint exists
 * @param initialPolicyVersion policy version reported for the weights loaded at start
 * @param lora LoRA adapters to attach to the model; rank 0 serves the model without adapters
 * @param workers generation threads; each runs one batch at a time with its own forward passes
 * @param queueCapacity batches that may wait for a worker; beyond it generate requests get 429
 * @param tokenBudget maximum tokens (prompt plus generation length, summed over sequences) in
 *     one batch; larger requests are split into several batches
 * @param limits per-request limits
 * @param jobs rollout job settings
 */
@Validated
@ConfigurationProperties("stp.rollout")
public record RolloutProperties(
        @DefaultValue("builtin:countdown-tiny") @NotBlank String model,
        Path checkpoint,
        @DefaultValue("auto") @Pattern(regexp = "cpu|gpu|auto", message = "must be cpu, gpu or auto") String device,
        @DefaultValue("0") long initSeed,
        @DefaultValue("0") @Min(0) long initialPolicyVersion,
        @DefaultValue @Valid @NotNull Lora lora,
        @DefaultValue("1") @Min(1) @Max(64) int workers,
        @DefaultValue("32") @Min(1) int queueCapacity,
        @DefaultValue("16384") @Min(1) int tokenBudget,
        @DefaultValue @Valid @NotNull Limits limits,
        @DefaultValue @Valid @NotNull Jobs jobs) {

    /**
     * LoRA adapters of the served model. Pushes of kind {@code lora} need them.
     *
     * @param rank adapter rank r; 0 disables adapters
     * @param alpha scaling numerator; the adapter output is scaled by alpha / r
     * @param targets projection names that get adapters, e.g. {@code q_proj}
     */
    public record Lora(
            @DefaultValue("0") @Min(0) int rank,
            @DefaultValue("16") @DecimalMin("0.0") double alpha,
            @DefaultValue({"q_proj", "k_proj", "v_proj", "attn_out", "ff_proj", "up_proj", "ff_out"})
            Set<String> targets) {

        public boolean enabled() {
            return rank > 0;
        }
    }

    /**
     * Per-request limits; requests beyond them get a 400 naming the field.
     *
     * @param maxPrompts maximum prompts in one generate request or job
     * @param maxGroupSize maximum completions per prompt (G)
     * @param maxGenerationLength maximum completion length N in tokens; the model's maximum
     *     sequence length also bounds prompt plus N
     * @param maxWeightsSize maximum body size of a weight push; at most 2047 MB, because the
     *     body is held in one Java byte array
     * @param maxRequestSize maximum JSON body size of a generate request or a job
     */
    public record Limits(
            @DefaultValue("64") @Min(1) int maxPrompts,
            @DefaultValue("64") @Min(1) int maxGroupSize,
            @DefaultValue("1024") @Min(1) int maxGenerationLength,
            @DefaultValue("1GB") @NotNull DataSize maxWeightsSize,
            @DefaultValue("16MB") @NotNull DataSize maxRequestSize) {

        public Limits {
            if (maxWeightsSize != null && maxWeightsSize.toMegabytes() > 2047) {
                throw new IllegalArgumentException("stp.rollout.limits.max-weights-size is " + maxWeightsSize
                        + " but must be at most 2047MB, because a push is held in one byte array");
            }
        }
    }

    /**
     * Rollout jobs, which generate groups and submit them to a reward service.
     *
     * @param workers jobs that run at the same time
     * @param maxAttempts attempts per group submission, the first included
     * @param initialBackoff wait before the first retry; doubled after each failed attempt
     * @param maxBackoff upper bound of the wait between retries
     * @param requestTimeout read timeout of one submission
     * @param allowedRewardHosts host names that {@code rewardServiceUrl} may point at; a job
     *     naming any other host is rejected, so that the service cannot be made to send requests
     *     to arbitrary addresses
     * @param retainedJobs finished jobs kept for status queries; the oldest are forgotten first
     * @param shutdownGrace time that running jobs get to finish when the service stops
     */
    public record Jobs(
            @DefaultValue("2") @Min(1) int workers,
            @DefaultValue("5") @Min(1) int maxAttempts,
            @DefaultValue("200ms") @NotNull Duration initialBackoff,
            @DefaultValue("5s") @NotNull Duration maxBackoff,
            @DefaultValue("60s") @NotNull Duration requestTimeout,
            @DefaultValue({"localhost", "127.0.0.1", "::1"}) @NotEmpty List<String> allowedRewardHosts,
            @DefaultValue("1000") @Min(1) int retainedJobs,
            @DefaultValue("30s") @NotNull Duration shutdownGrace) {
    }
}
