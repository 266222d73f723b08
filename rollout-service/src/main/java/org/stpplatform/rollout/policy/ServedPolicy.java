package org.stpplatform.rollout.policy;

import org.stpplatform.engine.model.DiffusionModel;
import org.stpplatform.engine.tokenizer.TextTokenizer;

/**
 * The model that generations use, with the identity of its weights.
 *
 * @param model the model; owned by the {@link PolicyHolder}, which closes it after a swap
 * @param tokenizer tokenizer of the model
 * @param version policy version of the weights
 * @param sha256 lowercase hex SHA-256 of the safetensors bytes of the last push or of the start
 *     checkpoint; null for a random initialisation
 * @param kind kind of the last push; {@code FULL} for the weights loaded at start
 */
public record ServedPolicy(
        DiffusionModel model, TextTokenizer tokenizer, long version, String sha256, WeightKind kind) {
}
