package org.stpplatform.common.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Stored, scored group as delivered to the trainer. {@code scores.get(i)} belongs to
 * {@code completions.get(i)}.
 */
public record ScoredGroup(
        UUID groupId,
        String runId,
        long step,
        long policyVersion,
        String promptId,
        TaskName task,
        String prompt,
        String reference,
        List<GroupCompletion> completions,
        List<ScoredCompletion> scores,
        Instant createdAt) {
}
