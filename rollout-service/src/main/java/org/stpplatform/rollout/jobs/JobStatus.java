package org.stpplatform.rollout.jobs;

/**
 * Body of {@code GET /v1/jobs/{jobId}}.
 *
 * @param groupsSubmitted groups the reward service has accepted
 * @param groupsTotal prompts of the job
 * @param error why the job failed or was cancelled; null otherwise
 */
public record JobStatus(
        String jobId, String runId, long step, JobState state, int groupsSubmitted, int groupsTotal, String error) {
}
