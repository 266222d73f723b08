package org.stpplatform.engine.model;

import ai.djl.ndarray.types.Shape;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tensor names and shapes of the LLaDA checkpoint layout and of PEFT LoRA adapters. */
final class ParameterNames {

    private static final String BLOCKS = LladaModel.BASE_PREFIX + "blocks.";

    private ParameterNames() {
    }

    /** Returns every base tensor name with its shape, in checkpoint order. */
    static Map<String, Shape> baseShapes(ModelConfig config) {
        long vocabulary = config.vocabularySize();
        long width = config.modelWidth();
        long feedForward = config.feedForwardWidth();
        Map<String, Shape> shapes = new LinkedHashMap<>();
        shapes.put(LladaModel.BASE_PREFIX + "wte.weight", new Shape(vocabulary, width));
        for (int layer = 0; layer < config.layerCount(); layer++) {
            String prefix = BLOCKS + layer + ".";
            shapes.put(prefix + "attn_norm.weight", new Shape(width));
            for (String projection : new String[] {"q_proj", "k_proj", "v_proj", "attn_out"}) {
                shapes.put(prefix + projection + ".weight", new Shape(width, width));
            }
            shapes.put(prefix + "ff_norm.weight", new Shape(width));
            shapes.put(prefix + "ff_proj.weight", new Shape(feedForward, width));
            shapes.put(prefix + "up_proj.weight", new Shape(feedForward, width));
            shapes.put(prefix + "ff_out.weight", new Shape(width, feedForward));
        }
        shapes.put(LladaModel.BASE_PREFIX + "ln_f.weight", new Shape(width));
        shapes.put(LladaModel.BASE_PREFIX + "ff_out.weight", new Shape(vocabulary, width));
        return shapes;
    }

    /**
     * Returns the adapter tensor names with their shapes: {@code lora_A} [r, in] and {@code lora_B}
     * [out, r] for every targeted projection of every block.
     */
    static Map<String, Shape> adapterShapes(ModelConfig config, LoraConfig lora) {
        Map<String, Shape> base = baseShapes(config);
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (int layer = 0; layer < config.layerCount(); layer++) {
            for (String projection : LoraConfig.SUPPORTED_TARGETS) {
                if (!lora.targets().contains(projection)) {
                    continue;
                }
                String baseName = BLOCKS + layer + "." + projection;
                Shape weight = base.get(baseName + ".weight"); // [out, in]
                String name = LladaModel.ADAPTER_PREFIX + baseName;
                shapes.put(name + ".lora_A.weight", new Shape(lora.rank(), weight.get(1)));
                shapes.put(name + ".lora_B.weight", new Shape(weight.get(0), lora.rank()));
            }
        }
        return shapes;
    }

    static boolean isNorm(String name) {
        return name.endsWith("_norm.weight") || name.endsWith("ln_f.weight");
    }

    /** Returns whether the tensor writes into the residual stream from inside a block. */
    static boolean isResidualProjection(String name) {
        return name.startsWith(BLOCKS)
                && (name.endsWith(".attn_out.weight") || name.endsWith(".ff_out.weight"));
    }

    static boolean isLoraA(String name) {
        return name.endsWith(".lora_A.weight");
    }

    /** Returns a short description of a name set for error messages. */
    static String describe(Collection<String> names) {
        String first = names.isEmpty() ? "" : names.iterator().next();
        return names.size() + " tensors such as '" + first + "'";
    }
}
