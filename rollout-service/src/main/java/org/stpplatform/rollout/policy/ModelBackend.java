package org.stpplatform.rollout.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.stpplatform.engine.model.DiffusionModel;
import org.stpplatform.engine.tokenizer.TextTokenizer;

/** Engine operations that the service needs beyond {@link DiffusionModel}: loading, copying, decoding weights. */
public interface ModelBackend {

    /**
     * Builds the configured model and loads its start weights.
     *
     * @return the model, its tokenizer and the checksum of the loaded checkpoint
     * @throws java.io.UncheckedIOException when a configured file cannot be read
     * @throws IllegalArgumentException when the configuration names an unknown model or device
     */
    LoadedModel loadConfigured();

    /** Returns a deep copy of {@code model} on the same device, used as the standby of a weight push. */
    DiffusionModel copy(DiffusionModel model);

    /**
     * Decodes safetensors bytes into named tensors attached to {@code manager}.
     *
     * @throws IllegalArgumentException when the bytes are not a valid safetensors file
     */
    Map<String, NDArray> readSafetensors(byte[] bytes, NDManager manager);

    /**
     * A model loaded at start.
     *
     * @param sha256 lowercase hex SHA-256 of the checkpoint bytes, null for a random initialisation
     * @param source where the weights came from, for logs and the health details
     */
    record LoadedModel(
            DiffusionModel model,
            TextTokenizer tokenizer,
            String sha256,
            String source) {
    }
}
