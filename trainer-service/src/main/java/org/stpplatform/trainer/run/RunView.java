package org.stpplatform.trainer.run;

import java.time.Instant;
import org.stpplatform.trainer.config.RunConfig;

/**
 * Status of a run as returned by the REST API.
 *
 * @param runId run id
 * @param state life-cycle state
 * @param statusDetail what the run is doing or waiting for, or why it failed
 * @param currentStep completed steps
 * @param totalSteps steps configured
 * @param policyVersion newest policy version the rollout replicas confirmed; null before start
 * @param lastCheckpointStep step of the newest checkpoint; null when none
 * @param groupsDroppedStale groups discarded in async mode for exceeding the staleness bound
 * @param config configuration with defaults applied
 */
public record RunView(
        String runId,
        String name,
        RunState state,
        String statusDetail,
        String task,
        String algorithm,
        long currentStep,
        long totalSteps,
        Long policyVersion,
        Long lastCheckpointStep,
        long groupsDroppedStale,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Instant updatedAt,
        RunConfig config) {
}
