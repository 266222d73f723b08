package org.stpplatform.trainer.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.stpplatform.common.api.TaskName;

/** Request and response bodies of the rollout service's REST API, as the trainer sends and reads them. */
public final class RolloutApi {

    private RolloutApi() {
    }

    /**
     * Decoding settings of a generate request or job.
     *
     * @param earlyExitTau null or 0 turns early exit off
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DecodingSettings(
            int generationLength,
            int blockLength,
            int steps,
            double temperature,
            String remasking,
            Double earlyExitTau,
            Long seed) {
    }

    /** Spatial-pruning canvas: N token ids, meaningful where {@code anchors} is true. */
    public record Canvas(List<Integer> tokenIds, List<Boolean> anchors) {
    }

    /**
     * One prompt of a job, as text or token ids (exactly one of them); {@code reference} goes with
     * the group to the reward service.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JobPrompt(String promptId, String text, List<Integer> tokenIds, String reference, Canvas canvas) {
    }

    /** Body of {@code POST /v1/jobs}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JobRequest(
            String runId,
            long step,
            Long expectedPolicyVersion,
            TaskName task,
            String rewardServiceUrl,
            int groupSize,
            DecodingSettings settings,
            List<JobPrompt> prompts) {
    }

    public record JobAccepted(String jobId) {
    }

    /** Body of {@code GET /v1/jobs/{jobId}}; state is QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED. */
    public record JobStatus(String jobId, String state, int groupsSubmitted, int groupsTotal, String error) {

        public boolean isFinished() {
            return "SUCCEEDED".equals(state) || "FAILED".equals(state) || "CANCELLED".equals(state);
        }
    }

    /** Body of {@code GET /v1/weights} and of a successful {@code PUT /v1/weights}. */
    public record WeightsInfo(long policyVersion, String sha256, String kind) {
    }

    /** One prompt of a generate request: token ids (the trainer always sends ids) and an optional canvas. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GeneratePrompt(String text, List<Integer> tokenIds, Canvas canvas) {
    }

    /** Body of {@code POST /v1/generate}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GenerateRequest(List<GeneratePrompt> prompts, int groupSize, DecodingSettings settings,
            Long expectedPolicyVersion) {
    }

    public record GenerateResponse(long policyVersion, List<PromptResult> results) {
    }

    public record PromptResult(int promptIndex, List<Completion> completions) {
    }

    /**
     * One generated completion.
     *
     * @param tokenIds all N completion token ids
     * @param stepMap denoising step at which each position was committed; -1 for anchors
     * @param nfe forward passes of the batch
     * @param completionLength L, one plus the index of the first EOS, or N
     */
    public record Completion(String text, List<Integer> tokenIds, List<Integer> stepMap, int nfe, boolean earlyExit,
            int anchorCount, Integer completionLength) {
    }
}
