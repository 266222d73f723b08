package org.stpplatform.common.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

/**
 * Request to lease up to {@code maxCount} scored groups of a run for {@code leaseSeconds}.
 * Groups that are not acknowledged before the lease expires become claimable again.
 */
public record ClaimRequest(
        @NotBlank String runId,
        @Positive int maxCount,
        @Positive int leaseSeconds,
        @NotBlank String claimerId) {
}
