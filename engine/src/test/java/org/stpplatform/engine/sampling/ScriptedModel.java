package org.stpplatform.engine.sampling;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.stpplatform.engine.model.DiffusionModel;
import org.stpplatform.engine.model.ModelConfig;

/**
 * Test model whose logits a function of the unpadded row computes. Padding columns (false in the
 * key-padding mask) are removed before the call, so the model behaves as a relative-position
 * model does under left padding.
 */
public final class ScriptedModel implements DiffusionModel {

    /** Logits of every position of one unpadded row. */
    @FunctionalInterface
    public interface RowLogits {
        /** Returns V logits for {@code position} of {@code row}. */
        float[] logits(long[] row, int position);
    }

    private final ModelConfig config;
    private final RowLogits rowLogits;
    private final AtomicInteger forwardCount = new AtomicInteger();
    private final List<Integer> batchSizes = new ArrayList<>();

    public ScriptedModel(int vocabularySize, int maskTokenId, int eosTokenId, RowLogits rowLogits) {
        this.config = new ModelConfig(vocabularySize, 8, 1, 2, 8, 10000, 512, 1e-5, maskTokenId, eosTokenId);
        this.rowLogits = rowLogits;
    }

    public int forwardCount() {
        return forwardCount.get();
    }

    public synchronized List<Integer> batchSizes() {
        return List.copyOf(batchSizes);
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public Device device() {
        return Device.cpu();
    }

    @Override
    public NDArray logits(NDArray tokens, NDArray keyPaddingMask, boolean useAdapters) {
        forwardCount.incrementAndGet();
        int rows = (int) tokens.getShape().get(0);
        int width = (int) tokens.getShape().get(1);
        synchronized (this) {
            batchSizes.add(rows);
        }
        long[] ids = tokens.toLongArray();
        boolean[] real = keyPaddingMask == null ? null : keyPaddingMask.toBooleanArray();
        int vocabularySize = config.vocabularySize();
        float[] out = new float[rows * width * vocabularySize];
        for (int b = 0; b < rows; b++) {
            List<Integer> columns = new ArrayList<>();
            for (int t = 0; t < width; t++) {
                if (real == null || real[b * width + t]) {
                    columns.add(t);
                }
            }
            long[] row = new long[columns.size()];
            for (int j = 0; j < row.length; j++) {
                row[j] = ids[b * width + columns.get(j)];
            }
            for (int j = 0; j < row.length; j++) {
                float[] values = rowLogits.logits(row, j);
                System.arraycopy(values, 0, out, (b * width + columns.get(j)) * vocabularySize, vocabularySize);
            }
        }
        return tokens.getManager().create(out, new Shape(rows, width, vocabularySize));
    }

    @Override
    public Map<String, NDArray> trainableParameters() {
        return Map.of();
    }

    @Override
    public Map<String, NDArray> namedParameters() {
        return Map.of();
    }

    @Override
    public void loadWeights(Map<String, NDArray> tensors) {
        throw new UnsupportedOperationException("scripted model has no weights");
    }

    @Override
    public void close() {
    }
}
