package org.stpplatform.trainer.loop;

/**
 * Serialised policy weights as pushed to the replicas.
 *
 * @param safetensors the tensors in safetensors format
 * @param sha256 SHA-256 of {@code safetensors}, lowercase hex
 * @param kind {@code full} or {@code lora}
 */
record PolicyWeights(byte[] safetensors, String sha256, String kind) {
}
