package org.stpplatform.rollout.weights;

/**
 * Identity of the served weights, the body of {@code GET /v1/weights} and of a successful push.
 *
 * @param policyVersion served policy version
 * @param sha256 lowercase hex SHA-256 of the pushed or loaded safetensors bytes; null for random weights
 * @param kind {@code full} or {@code lora}: the kind of the last push, {@code full} for the start weights
 */
public record WeightsInfo(long policyVersion, String sha256, String kind) {
}
