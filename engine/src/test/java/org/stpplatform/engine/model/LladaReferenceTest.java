package org.stpplatform.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks the DJL forward pass against {@link ReferenceTransformer}. Weights are drawn larger than
 * the default init (std 0.3, norm weights around 1) and rope theta is small, so that attention,
 * rotary embeddings and the feed-forward network all move the logits visibly.
 */
class LladaReferenceTest {

    /** Largest accepted |DJL - reference| per logit, relative to max(1, |reference|). */
    static final double TOLERANCE = 1e-4;

    static final ModelConfig CONFIG = new ModelConfig(40, 32, 2, 4, 48, 100.0, 16, 1e-5, 1, 0);
    static final int[][] TOKENS = {{3, 17, 1, 25, 8, 39, 1}, {5, 5, 12, 0, 31, 2, 19}};

    @Test
    void logitsMatchPlainJavaReference() {
        try (LladaModel model = LladaModel.create(CONFIG, null, Device.cpu(), 1);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Map<String, float[]> weights = randomizeWeights(model, manager, 21);
            ReferenceTransformer reference = new ReferenceTransformer(CONFIG, weights);

            float[] logits = model.logits(tokens(manager, TOKENS), null).toFloatArray();

            for (int b = 0; b < TOKENS.length; b++) {
                assertClose(logits, b, reference.logits(TOKENS[b], null), "sequence " + b);
            }
        }
    }

    @Test
    void maskedLogitsMatchPlainJavaReference() {
        boolean[][] keep = {{true, true, true, true, true, false, false}, {true, true, true, true, true, true, true}};
        try (LladaModel model = LladaModel.create(CONFIG, null, Device.cpu(), 1);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Map<String, float[]> weights = randomizeWeights(model, manager, 22);
            ReferenceTransformer reference = new ReferenceTransformer(CONFIG, weights);

            float[] logits = model.logits(tokens(manager, TOKENS), manager.create(keep)).toFloatArray();

            for (int b = 0; b < TOKENS.length; b++) {
                assertClose(logits, b, reference.logits(TOKENS[b], keep[b]), "sequence " + b);
            }
        }
    }

    @Test
    void paddedKeysDoNotAffectRealPositions() {
        boolean[][] keep = {{true, true, true, true, true, false, false}};
        int[][] first = {{3, 17, 1, 25, 8, 39, 1}};
        int[][] second = {{3, 17, 1, 25, 8, 4, 30}};
        try (LladaModel model = LladaModel.create(CONFIG, null, Device.cpu(), 1);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            randomizeWeights(model, manager, 23);
            NDArray mask = manager.create(keep);

            NDArray a = model.logits(tokens(manager, first), mask).get(":, :5, :");
            NDArray b = model.logits(tokens(manager, second), mask).get(":, :5, :");
            NDArray unmasked = model.logits(tokens(manager, second), null).get(":, :5, :");

            assertThat(a.sub(b).abs().max().getFloat()).isLessThanOrEqualTo(1e-6f);
            assertThat(a.sub(unmasked).abs().max().getFloat()).isGreaterThan(1e-3f);
        }
    }

    @Test
    void enabledLoraMatchesMergedWeights() {
        LoraConfig lora = new LoraConfig(2, 4.0, 0.0, LoraConfig.allProjectionsTargets());
        try (LladaModel model = LladaModel.create(CONFIG, lora, Device.cpu(), 1);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Map<String, float[]> weights = randomizeWeights(model, manager, 24);
            Map<String, float[]> merged = mergeAdapters(weights, lora);
            ReferenceTransformer reference = new ReferenceTransformer(CONFIG, merged);

            float[] logits = model.logits(tokens(manager, TOKENS), null, true).toFloatArray();

            for (int b = 0; b < TOKENS.length; b++) {
                assertClose(logits, b, reference.logits(TOKENS[b], null), "sequence " + b);
            }
        }
    }

    /** Fills every parameter, adapters included, with seeded values and returns them as floats. */
    static Map<String, float[]> randomizeWeights(LladaModel model, NDManager manager, long seed) {
        Random random = new Random(seed);
        Map<String, NDArray> update = new LinkedHashMap<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> entry : model.namedParameters().entrySet()) {
            Shape shape = entry.getValue().getShape();
            float[] data = new float[(int) shape.size()];
            boolean norm = entry.getKey().endsWith("norm.weight") || entry.getKey().endsWith("ln_f.weight");
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) (norm ? 1 + 0.2 * random.nextGaussian() : 0.3 * random.nextGaussian());
            }
            update.put(entry.getKey(), manager.create(data, shape));
            values.put(entry.getKey(), data);
        }
        model.loadWeights(update);
        return values;
    }

    /** Returns base weights with {@code W + (alpha / r) B A} for every adapted projection. */
    static Map<String, float[]> mergeAdapters(Map<String, float[]> weights, LoraConfig lora) {
        Map<String, float[]> merged = new LinkedHashMap<>(weights);
        for (int layer = 0; layer < CONFIG.layerCount(); layer++) {
            for (String projection : lora.targets()) {
                String base = "model.transformer.blocks." + layer + "." + projection;
                float[] w = weights.get(base + ".weight").clone();
                float[] a = weights.get("base_model.model." + base + ".lora_A.weight"); // [r, in]
                float[] bMatrix = weights.get("base_model.model." + base + ".lora_B.weight"); // [out, r]
                int r = lora.rank();
                int in = a.length / r;
                int out = bMatrix.length / r;
                for (int o = 0; o < out; o++) {
                    for (int i = 0; i < in; i++) {
                        double sum = 0;
                        for (int k = 0; k < r; k++) {
                            sum += (double) bMatrix[o * r + k] * a[k * in + i];
                        }
                        w[o * in + i] += (float) (lora.scale() * sum);
                    }
                }
                merged.put(base + ".weight", w);
            }
        }
        return merged;
    }

    static NDArray tokens(NDManager manager, int[][] ids) {
        long[] flat = new long[ids.length * ids[0].length];
        for (int b = 0; b < ids.length; b++) {
            for (int t = 0; t < ids[b].length; t++) {
                flat[b * ids[b].length + t] = ids[b][t];
            }
        }
        return manager.create(flat, new Shape(ids.length, ids[0].length));
    }

    private static void assertClose(float[] actual, int batchIndex, double[][] expected, String what) {
        int vocabulary = CONFIG.vocabularySize();
        int length = expected.length;
        double largestReference = 0;
        for (int t = 0; t < length; t++) {
            for (int v = 0; v < vocabulary; v++) {
                double want = expected[t][v];
                double got = actual[(batchIndex * length + t) * vocabulary + v];
                largestReference = Math.max(largestReference, Math.abs(want));
                assertThat(Math.abs(got - want))
                        .as("%s position %d token %d: DJL %f, reference %f", what, t, v, got, want)
                        .isLessThanOrEqualTo(TOLERANCE * Math.max(1, Math.abs(want)));
            }
        }
        // Logits near zero would make the comparison meaningless.
        assertThat(largestReference).as(what + " largest reference logit").isGreaterThan(1.0);
    }
}
