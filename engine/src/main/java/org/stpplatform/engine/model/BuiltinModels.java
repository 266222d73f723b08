package org.stpplatform.engine.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.stpplatform.engine.tokenizer.TaskTokenizer;
import org.stpplatform.engine.tokenizer.TextTokenizer;

/** Named model configurations shipped with the engine. */
public final class BuiltinModels {

    /** About 0.9M parameters; room for a compact Countdown prompt plus 96 completion tokens. */
    public static final String COUNTDOWN_TINY = "countdown-tiny";
    /** About 10.7M parameters, the throughput benchmark's larger model. */
    public static final String BENCH_10M = "bench-10m";
    /** LLaDA-8B-Instruct's published configuration; needs its checkpoint and tokenizer.json. */
    public static final String LLADA_8B = "llada-8b";

    private static final double ROPE_THETA = 10000.0;
    private static final double RMS_NORM_EPSILON = 1e-5;
    private static final Map<String, ModelConfig> CONFIGS = configs();

    private BuiltinModels() {
    }

    private static Map<String, ModelConfig> configs() {
        int vocabulary = TaskTokenizer.size();
        int mask = TaskTokenizer.MASK_ID;
        int eos = TaskTokenizer.EOS_ID;
        Map<String, ModelConfig> configs = new LinkedHashMap<>();
        configs.put(COUNTDOWN_TINY, new ModelConfig(
                vocabulary, 128, 4, 4, 384, ROPE_THETA, 192, RMS_NORM_EPSILON, mask, eos));
        configs.put(BENCH_10M, new ModelConfig(
                vocabulary, 384, 6, 6, 1024, ROPE_THETA, 256, RMS_NORM_EPSILON, mask, eos));
        configs.put(LLADA_8B, ModelConfig.llada8b());
        return java.util.Collections.unmodifiableMap(configs);
    }

    /** Returns the names accepted by {@link #config}. */
    public static Set<String> names() {
        return CONFIGS.keySet();
    }

    /**
     * Returns the configuration named {@code name}.
     *
     * @throws IllegalArgumentException listing the known names when the name is unknown
     */
    public static ModelConfig config(String name) {
        ModelConfig config = CONFIGS.get(name);
        if (config == null) {
            throw new IllegalArgumentException("unknown built-in model '" + name
                    + "'; known models are " + names());
        }
        return config;
    }

    /**
     * Returns the tokenizer of a built-in model that ships its own vocabulary.
     *
     * @throws IllegalArgumentException for {@link #LLADA_8B}, whose tokenizer is loaded from its
     *     tokenizer.json with {@code HuggingFaceTokenizer}
     */
    public static TextTokenizer tokenizer(String name) {
        config(name);
        if (name.equals(LLADA_8B)) {
            throw new IllegalArgumentException("model '" + name + "' has no built-in tokenizer;"
                    + " load its tokenizer.json with HuggingFaceTokenizer");
        }
        return TaskTokenizer.instance();
    }
}
