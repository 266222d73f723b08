package org.stpplatform.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Rotary position embeddings (RoPE, Su et al. 2021) in the half-split layout of LLaDA: dimension
 * {@code j} of a head pairs with {@code j + D/2}, and position {@code p} rotates the pair by
 * {@code p * theta^(-2j/D)}. The angles are computed in float32 like the reference implementation.
 * Immutable.
 */
final class RotaryTable {

    private final int headWidth;
    private final float[] cos; // [maxSequenceLength, D], row-major
    private final float[] sin;

    private RotaryTable(int headWidth, float[] cos, float[] sin) {
        this.headWidth = headWidth;
        this.cos = cos;
        this.sin = sin;
    }

    static RotaryTable of(ModelConfig config) {
        int width = config.headWidth();
        int half = width / 2;
        int positions = config.maxSequenceLength();
        float theta = (float) config.ropeTheta();
        float[] inverseFrequency = new float[half];
        for (int j = 0; j < half; j++) {
            float exponent = (float) (2 * j) / width;
            inverseFrequency[j] = 1.0f / (float) Math.pow(theta, exponent);
        }
        float[] cos = new float[positions * width];
        float[] sin = new float[positions * width];
        for (int p = 0; p < positions; p++) {
            for (int j = 0; j < half; j++) {
                float angle = p * inverseFrequency[j];
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                cos[p * width + j] = c;
                cos[p * width + j + half] = c;
                sin[p * width + j] = s;
                sin[p * width + j + half] = s;
            }
        }
        return new RotaryTable(width, cos, sin);
    }

    /** Returns the cosines of positions 0..length-1, shape [T, D]. */
    NDArray cos(NDManager manager, int length) {
        return ownedCopy(manager, Arrays.copyOf(cos, length * headWidth), length);
    }

    /** Returns the sines of positions 0..length-1, shape [T, D]. */
    NDArray sin(NDManager manager, int length) {
        return ownedCopy(manager, Arrays.copyOf(sin, length * headWidth), length);
    }

    /**
     * Creates an array whose memory PyTorch owns. On the CPU, DJL's {@code create} wraps a Java
     * direct buffer that lives only as long as the Java array, while autograd keeps the tensor for
     * the backward pass after the forward pass has closed its arrays. Reading the freed buffer then
     * gave NaN gradients, so the values are cloned into PyTorch memory.
     */
    private NDArray ownedCopy(NDManager manager, float[] values, int length) {
        try (NDArray wrapped = manager.create(values, new Shape(length, headWidth))) {
            return wrapped.duplicate();
        }
    }

    /**
     * Rotates queries or keys: {@code x * cos + rotateHalf(x) * sin} with
     * {@code rotateHalf([x1, x2]) = [-x2, x1]}.
     *
     * @param x shape [B, H, T, D]
     * @param cos shape [T, D]
     * @param sin shape [T, D]
     */
    NDArray apply(NDArray x, NDArray cos, NDArray sin) {
        NDList halves = x.split(2, 3); // two [B, H, T, D/2]
        NDArray rotated = halves.get(1).neg().concat(halves.get(0), 3);
        return x.mul(cos).add(rotated.mul(sin));
    }
}
