package org.stpplatform.trainer.sft;

import org.stpplatform.engine.model.BuiltinModels;
import org.stpplatform.engine.model.ModelConfig;
import org.stpplatform.engine.tokenizer.TaskTokenizer;
import org.stpplatform.engine.tokenizer.TextTokenizer;

/** Process settings and model lookups shared by the {@code sft} commands. */
final class SftRuntime {

    static final String TOKENIZER_NAME = TaskTokenizer.NAME;

    private SftRuntime() {
    }

    /**
     * Sets DJL's offline mode and one intra-op thread unless the caller chose otherwise. Must run
     * before the first DJL call. Without offline mode DJL contacts outside hosts at start.
     */
    static void configureDefaults() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        setIfAbsent("ai.djl.pytorch.num_threads", "1");
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    }

    static ModelConfig modelConfig(String name) {
        return BuiltinModels.config(name);
    }

    static TextTokenizer tokenizer() {
        return TaskTokenizer.instance();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
