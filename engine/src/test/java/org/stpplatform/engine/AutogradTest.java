package org.stpplatform.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

public class AutogradTest {

    @Test
    void scalarProductGradientSurvivesGarbageCollection() throws InterruptedException {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = manager.create(new float[] {1f, -2f, 4f}, new Shape(3));
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = Autograd.div(Autograd.mul(x, 3.0), 0.5).sum();
                overwriteFreedDirectMemory();
                collector.backward(y);
            }

            assertThat(x.getGradient().toFloatArray()).containsExactly(6f, 6f, 6f);
        }
    }

    @Test
    void ownedConstantSurvivesClosedScope() throws InterruptedException {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = manager.create(new float[] {1f, -2f, 4f}, new Shape(3));
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y;
                try (NDManager scope = manager.newSubManager()) {
                    NDArray weights = Autograd.owned(scope.create(new float[] {2f, 3f, 5f}, new Shape(3)));
                    y = x.mul(weights).sum();
                    y.attach(manager);
                }
                overwriteFreedDirectMemory();
                collector.backward(y);
            }

            assertThat(x.getGradient().toFloatArray()).containsExactly(2f, 3f, 5f);
        }
    }

    @Test
    void resultKeepsTypeAndManager() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = manager.create(new float[] {1f, 2f}, new Shape(2));

            NDArray y = Autograd.mul(x, 2.5);

            assertThat(y.getManager()).isSameAs(manager);
            assertThat(y.getDataType()).isEqualTo(x.getDataType());
            assertThat(y.toFloatArray()).containsExactly(2.5f, 5f);
        }
    }

    /** Runs the garbage collector and fills newly allocated direct buffers with NaN bytes. */
    public static void overwriteFreedDirectMemory() throws InterruptedException {
        List<ByteBuffer> filler = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            System.gc();
            Thread.sleep(20);
            for (int i = 0; i < 200; i++) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(64);
                while (buffer.hasRemaining()) {
                    buffer.put((byte) 0xFF);
                }
                filler.add(buffer);
            }
        }
    }
}
