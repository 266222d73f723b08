package org.stpplatform.reward.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import org.stpplatform.reward.scoring.ScoringMode;

/**
 * Settings of the reward service under {@code stp.reward}. Unknown keys fail the start (see
 * {@link RewardConfiguration#rejectUnknownKeys}).
 */
@Validated
@ConfigurationProperties(prefix = "stp.reward")
public record RewardProperties(
        @Valid @NotNull @DefaultValue Scoring scoring,
        @Valid @NotNull @DefaultValue Limits limits,
        @Valid @NotNull @DefaultValue Queue queue) {

    /**
     * Scoring execution.
     *
     * @param mode default scoring mode when a request names none
     * @param perItemDeadline time limit for scoring one completion; past it the outcome is TIMEOUT
     * @param threads scoring worker threads; 0 uses the number of available processors
     * @param queueCapacity completions that may wait for a worker; a batch that does not fit gets 503
     */
    public record Scoring(
            @NotNull @DefaultValue("strict") ScoringMode mode,
            @NotNull @DefaultValue("1s") Duration perItemDeadline,
            @Min(0) @Max(256) @DefaultValue("0") int threads,
            @Min(1) @DefaultValue("8192") int queueCapacity) {

        public Scoring {
            if (perItemDeadline != null && (perItemDeadline.isNegative() || perItemDeadline.isZero()
                    || perItemDeadline.compareTo(Duration.ofMinutes(1)) > 0)) {
                throw new IllegalArgumentException("stp.reward.scoring.per-item-deadline must be between 1ms and 1m, got "
                        + perItemDeadline);
            }
        }

        /** Returns the worker count, resolving 0 to the number of available processors. */
        public int resolvedThreads() {
            return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * Request size limits; a request over any of them gets a 400 naming the field.
     *
     * @param maxBatchSize completions per {@code POST /v1/score}
     * @param maxCompletionChars characters per completion text
     * @param maxReferenceChars characters per reference
     * @param maxPromptChars characters per prompt
     * @param maxTokenIds entries per completion's token id and step map lists
     * @param minGroupSize smallest accepted group size G
     * @param maxGroupSize largest accepted group size G
     * @param maxRequestBytes request body size; larger bodies get 413
     */
    public record Limits(
            @Min(1) @DefaultValue("1024") int maxBatchSize,
            @Min(1) @DefaultValue("65536") int maxCompletionChars,
            @Min(1) @DefaultValue("65536") int maxReferenceChars,
            @Min(1) @DefaultValue("65536") int maxPromptChars,
            @Min(1) @DefaultValue("16384") int maxTokenIds,
            @Min(1) @DefaultValue("1") int minGroupSize,
            @Min(1) @Max(4096) @DefaultValue("256") int maxGroupSize,
            @Min(1024) @DefaultValue("33554432") long maxRequestBytes) {

        public Limits {
            if (minGroupSize > maxGroupSize) {
                throw new IllegalArgumentException("stp.reward.limits.min-group-size (" + minGroupSize
                        + ") must not exceed stp.reward.limits.max-group-size (" + maxGroupSize + ")");
            }
        }
    }

    /**
     * Group queue.
     *
     * @param maxClaimCount largest {@code maxCount} of one claim
     * @param maxLeaseSeconds longest lease a claim may request
     * @param depthRefreshInterval how often the queue depth gauges are recounted
     */
    public record Queue(
            @Min(1) @DefaultValue("1024") int maxClaimCount,
            @Min(1) @DefaultValue("86400") int maxLeaseSeconds,
            @NotNull @DefaultValue("5s") Duration depthRefreshInterval) {
    }
}
