package org.stpplatform.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Scalar arithmetic that is safe inside a gradient collector.
 *
 * <p>DJL 0.36's PyTorch engine implements {@code NDArray.mul(Number)} and {@code div(Number)} by
 * wrapping the number in a Java direct buffer, which it frees as soon as the call returns. PyTorch
 * keeps that scalar tensor for the backward pass of the product, so the backward pass can read
 * freed memory and give NaN or wrong gradients once the garbage collector has run. These helpers
 * create the scalar in PyTorch's own memory instead. {@code add(Number)} and {@code sub(Number)}
 * are safe because their backward pass does not read the scalar.
 *
 * <p>Arrays made by {@code NDManager.create} from Java data have the same weakness once they are
 * closed before the backward pass (for example with the sub-manager of a forward pass). Pass them
 * through {@link #owned} when the graph may keep them.
 */
public final class Autograd {

    private Autograd() {
    }

    /** Returns {@code x * value}, attached to the manager of {@code x}. */
    public static NDArray mul(NDArray x, double value) {
        try (NDArray scalar = scalarLike(x, value)) {
            return x.mul(scalar);
        }
    }

    /** Returns {@code x / value}, attached to the manager of {@code x}. */
    public static NDArray div(NDArray x, double value) {
        try (NDArray scalar = scalarLike(x, value)) {
            return x.div(scalar);
        }
    }

    /**
     * Returns a copy of {@code wrapped} in PyTorch's own memory, attached to the same manager, and
     * closes {@code wrapped}.
     */
    public static NDArray owned(NDArray wrapped) {
        try (wrapped) {
            return wrapped.duplicate();
        }
    }

    private static NDArray scalarLike(NDArray x, double value) {
        return x.getManager().full(new Shape(), (float) value, x.getDataType(), x.getDevice());
    }
}
