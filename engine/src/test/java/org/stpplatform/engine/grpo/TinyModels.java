package org.stpplatform.engine.grpo;

import org.stpplatform.engine.model.ModelConfig;
import org.stpplatform.engine.tokenizer.TaskTokenizer;

/** Small configurations over the task tokenizer's vocabulary that train in seconds on a CPU. */
final class TinyModels {

    private TinyModels() {
    }

    /** Width 32, 2 layers, 2 heads, feed-forward 64, sequences up to 48 tokens. */
    static ModelConfig config() {
        return new ModelConfig(TaskTokenizer.size(), 32, 2, 2, 64, 10000, 48, 1e-5,
                TaskTokenizer.MASK_ID, TaskTokenizer.EOS_ID);
    }

    /** Encodes {@code text}, then pads with EOS to {@code length} tokens. */
    static int[] completion(String text, int length) {
        int[] ids = TaskTokenizer.instance().encode(text);
        int[] padded = new int[length];
        java.util.Arrays.fill(padded, TaskTokenizer.EOS_ID);
        System.arraycopy(ids, 0, padded, 0, ids.length);
        return padded;
    }
}
