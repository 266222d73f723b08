package org.stpplatform.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrentForwardTest {

    static final int THREADS = 4;
    static final int CALLS_PER_THREAD = 8;

    @Test
    void fourThreadsMatchSequentialLogits() throws Exception {
        ModelConfig config = BuiltinModels.config(BuiltinModels.COUNTDOWN_TINY);
        LoraConfig lora = LoraConfig.allProjections(4, 8, 0);
        try (LladaModel model = LladaModel.create(config, lora, Device.cpu(), 51)) {
            List<int[][]> inputs = new ArrayList<>();
            Random random = new Random(52);
            for (int i = 0; i < THREADS * CALLS_PER_THREAD; i++) {
                int[][] tokens = new int[2][24];
                for (int[] row : tokens) {
                    for (int t = 0; t < row.length; t++) {
                        row[t] = random.nextInt(config.vocabularySize());
                    }
                }
                inputs.add(tokens);
            }
            List<float[]> sequential = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                sequential.add(forward(model, inputs.get(i), i % 2 == 0));
            }

            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<List<float[]>>> futures = new ArrayList<>();
                for (int thread = 0; thread < THREADS; thread++) {
                    int first = thread * CALLS_PER_THREAD;
                    Callable<List<float[]>> task = () -> {
                        JniUtils.setGradMode(false);
                        List<float[]> results = new ArrayList<>();
                        for (int i = first; i < first + CALLS_PER_THREAD; i++) {
                            results.add(forward(model, inputs.get(i), i % 2 == 0));
                        }
                        return results;
                    };
                    futures.add(pool.submit(task));
                }
                for (int thread = 0; thread < THREADS; thread++) {
                    List<float[]> results = futures.get(thread).get(60, TimeUnit.SECONDS);
                    for (int call = 0; call < CALLS_PER_THREAD; call++) {
                        int index = thread * CALLS_PER_THREAD + call;
                        assertThat(results.get(call)).as("input %d", index)
                                .containsExactly(sequential.get(index));
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static float[] forward(LladaModel model, int[][] tokens, boolean useAdapters) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            return model.logits(LladaReferenceTest.tokens(manager, tokens), null, useAdapters)
                    .toFloatArray();
        }
    }
}
