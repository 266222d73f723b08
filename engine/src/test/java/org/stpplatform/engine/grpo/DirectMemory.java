package org.stpplatform.engine.grpo;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills freed Java direct memory with new data. A backward pass that still reads a buffer freed
 * after the forward pass then reads 0xFF bytes and fails its gradient check.
 */
final class DirectMemory {

    private DirectMemory() {
    }

    static void overwriteFreedBuffers() throws InterruptedException {
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
