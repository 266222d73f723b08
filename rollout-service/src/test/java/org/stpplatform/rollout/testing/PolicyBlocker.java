package org.stpplatform.rollout.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.stpplatform.rollout.policy.PolicyHolder;
import org.stpplatform.rollout.policy.ServedPolicy;

/**
 * Keeps generation workers from starting batches, without changing the served policy: one thread
 * holds the holder's read lock and a second one waits for the write lock to swap in the same
 * policy. The fair lock then makes every new batch wait behind the writer until {@link #close}.
 */
public final class PolicyBlocker implements AutoCloseable {

    private final CountDownLatch release = new CountDownLatch(1);
    private final Thread reader;
    private final Thread writer;

    public PolicyBlocker(PolicyHolder holder) throws InterruptedException {
        this(holder, holder.current().orElseThrow());
    }

    /** Blocks batches until {@link #close}, which then swaps in {@code replacement}. */
    public PolicyBlocker(PolicyHolder holder, ServedPolicy replacement) throws InterruptedException {
        CountDownLatch reading = new CountDownLatch(1);
        reader = new Thread(() -> holder.withPolicy(served -> {
            reading.countDown();
            awaitRelease();
            return null;
        }), "test-policy-reader");
        reader.start();
        reading.await();
        writer = new Thread(() -> holder.swap(replacement), "test-policy-writer");
        writer.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (writer.getState() != Thread.State.WAITING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the writer thread did not start waiting for the lock");
            }
            Thread.sleep(5);
        }
    }

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        release.countDown();
        reader.join();
        writer.join();
    }
}
