package org.stpplatform.engine.model;

import java.util.Map;

/**
 * Straightforward double-precision LLaDA forward pass in plain Java, written from the formulas and
 * independent of DJL, for checking {@link LladaModel} on small inputs.
 */
final class ReferenceTransformer {

    private final ModelConfig config;
    private final Map<String, float[]> weights;

    ReferenceTransformer(ModelConfig config, Map<String, float[]> weights) {
        this.config = config;
        this.weights = weights;
    }

    /**
     * Returns logits [T][V] of one sequence.
     *
     * @param keep key-padding mask, true for real tokens; null attends to every key
     */
    double[][] logits(int[] tokens, boolean[] keep) {
        int length = tokens.length;
        int width = config.modelWidth();
        double[][] x = new double[length][width];
        float[] embedding = weights.get("model.transformer.wte.weight");
        for (int t = 0; t < length; t++) {
            for (int e = 0; e < width; e++) {
                x[t][e] = embedding[tokens[t] * width + e];
            }
        }
        for (int layer = 0; layer < config.layerCount(); layer++) {
            String prefix = "model.transformer.blocks." + layer + ".";
            double[][] h = rmsNorm(x, weights.get(prefix + "attn_norm.weight"));
            double[][] attended = attention(layer, h, keep);
            add(x, linear(attended, weights.get(prefix + "attn_out.weight"), width));

            h = rmsNorm(x, weights.get(prefix + "ff_norm.weight"));
            double[][] gate = linear(h, weights.get(prefix + "ff_proj.weight"), width);
            double[][] up = linear(h, weights.get(prefix + "up_proj.weight"), width);
            for (int t = 0; t < length; t++) {
                for (int f = 0; f < gate[t].length; f++) {
                    double g = gate[t][f];
                    gate[t][f] = g / (1 + Math.exp(-g)) * up[t][f];
                }
            }
            add(x, linear(gate, weights.get(prefix + "ff_out.weight"), config.feedForwardWidth()));
        }
        double[][] h = rmsNorm(x, weights.get("model.transformer.ln_f.weight"));
        return linear(h, weights.get("model.transformer.ff_out.weight"), width);
    }

    private double[][] attention(int layer, double[][] h, boolean[] keep) {
        String prefix = "model.transformer.blocks." + layer + ".";
        int width = config.modelWidth();
        int length = h.length;
        int headWidth = config.headWidth();
        double[][] q = linear(h, weights.get(prefix + "q_proj.weight"), width);
        double[][] k = linear(h, weights.get(prefix + "k_proj.weight"), width);
        double[][] v = linear(h, weights.get(prefix + "v_proj.weight"), width);
        double[][] output = new double[length][width];
        for (int head = 0; head < config.headCount(); head++) {
            int offset = head * headWidth;
            double[][] qh = rotate(slice(q, offset, headWidth));
            double[][] kh = rotate(slice(k, offset, headWidth));
            for (int i = 0; i < length; i++) {
                double[] scores = new double[length];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < length; j++) {
                    if (keep != null && !keep[j]) {
                        scores[j] = Double.NEGATIVE_INFINITY;
                        continue;
                    }
                    double dot = 0;
                    for (int d = 0; d < headWidth; d++) {
                        dot += qh[i][d] * kh[j][d];
                    }
                    scores[j] = dot / Math.sqrt(headWidth);
                    max = Math.max(max, scores[j]);
                }
                double sum = 0;
                for (int j = 0; j < length; j++) {
                    scores[j] = Math.exp(scores[j] - max);
                    sum += scores[j];
                }
                for (int j = 0; j < length; j++) {
                    for (int d = 0; d < headWidth; d++) {
                        output[i][offset + d] += scores[j] / sum * v[j][offset + d];
                    }
                }
            }
        }
        return output;
    }

    /** Half-split rotary embedding: pair (d, d + D/2) rotated by position * theta^(-2d/D). */
    private double[][] rotate(double[][] x) {
        int headWidth = config.headWidth();
        int half = headWidth / 2;
        double[][] rotated = new double[x.length][headWidth];
        for (int position = 0; position < x.length; position++) {
            for (int d = 0; d < half; d++) {
                double angle = position * Math.pow(config.ropeTheta(), -2.0 * d / headWidth);
                double first = x[position][d];
                double second = x[position][d + half];
                rotated[position][d] = first * Math.cos(angle) - second * Math.sin(angle);
                rotated[position][d + half] = second * Math.cos(angle) + first * Math.sin(angle);
            }
        }
        return rotated;
    }

    private double[][] rmsNorm(double[][] x, float[] weight) {
        double[][] normed = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            double meanSquare = 0;
            for (double value : x[t]) {
                meanSquare += value * value;
            }
            meanSquare /= x[t].length;
            double scale = 1 / Math.sqrt(meanSquare + config.rmsNormEpsilon());
            normed[t] = new double[x[t].length];
            for (int e = 0; e < x[t].length; e++) {
                normed[t][e] = x[t][e] * scale * weight[e];
            }
        }
        return normed;
    }

    /** Returns x W^T for W stored row-major as [out, in]. */
    private static double[][] linear(double[][] x, float[] weight, int in) {
        int out = weight.length / in;
        double[][] y = new double[x.length][out];
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < out; o++) {
                double sum = 0;
                for (int i = 0; i < in; i++) {
                    sum += x[t][i] * weight[o * in + i];
                }
                y[t][o] = sum;
            }
        }
        return y;
    }

    private static double[][] slice(double[][] x, int offset, int width) {
        double[][] part = new double[x.length][width];
        for (int t = 0; t < x.length; t++) {
            System.arraycopy(x[t], offset, part[t], 0, width);
        }
        return part;
    }

    private static void add(double[][] target, double[][] delta) {
        for (int t = 0; t < target.length; t++) {
            for (int e = 0; e < target[t].length; e++) {
                target[t][e] += delta[t][e];
            }
        }
    }
}
