package org.stpplatform.engine.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * A masked diffusion language model: a bidirectional transformer that predicts every position of a
 * partly masked sequence at once.
 *
 * <p>Dimensions: B batch, T sequence length (prompt plus completion), V vocabulary.
 *
 * <p>Thread safety: {@link #logits} may be called from several threads at once for inference.
 * Weight changes ({@link #loadWeights}) must not run concurrently with forward passes; callers
 * that swap weights under load keep a standby copy and swap references instead.
 */
public interface DiffusionModel extends AutoCloseable {

    ModelConfig config();

    Device device();

    /**
     * Computes the logits of every position.
     *
     * @param tokens token ids, shape [B, T], int64, on {@link #device()}
     * @param keyPaddingMask shape [B, T], boolean, true for real tokens; null attends to all keys
     *     (the released LLaDA behaviour)
     * @param useAdapters false computes the base model without LoRA adapters (the reference policy)
     * @return logits, shape [B, T, V], float32, attached to the manager of {@code tokens}. Inside a
     *     gradient collector the result carries gradient history to {@link #trainableParameters()}.
     */
    NDArray logits(NDArray tokens, NDArray keyPaddingMask, boolean useAdapters);

    /** Calls {@link #logits(NDArray, NDArray, boolean)} with the adapters, when any, enabled. */
    default NDArray logits(NDArray tokens, NDArray keyPaddingMask) {
        return logits(tokens, keyPaddingMask, true);
    }

    /**
     * Returns the parameters that training updates, by checkpoint name: the LoRA adapter tensors
     * when adapters are configured, otherwise every base tensor. The arrays are live: an optimizer
     * updates them in place.
     */
    Map<String, NDArray> trainableParameters();

    /** Returns every tensor of the model, base and adapters, by checkpoint name. */
    Map<String, NDArray> namedParameters();

    /**
     * Replaces tensors by name. Every name must exist in {@link #namedParameters()} with the same
     * shape; otherwise nothing is changed and an {@link IllegalArgumentException} names the
     * offending tensor.
     */
    void loadWeights(Map<String, NDArray> tensors);

    @Override
    void close();
}
