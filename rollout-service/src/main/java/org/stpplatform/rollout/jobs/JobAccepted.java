package org.stpplatform.rollout.jobs;

/** Body of the 202 response to {@code POST /v1/jobs}. */
public record JobAccepted(String jobId) {
}
