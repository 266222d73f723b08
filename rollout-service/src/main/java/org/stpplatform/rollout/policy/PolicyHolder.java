package org.stpplatform.rollout.policy;

import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the served policy and swaps it atomically between batches.
 *
 * <p>A batch runs inside {@link #withPolicy}, which holds the read lock for the whole batch, so
 * every sequence of a batch uses one version. {@link #swap} takes the write lock: it waits for
 * running batches to finish, replaces the policy, and closes the old model once no batch can use it.
 */
public class PolicyHolder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PolicyHolder.class);

    // Fair, so that a waiting swap is not starved by a stream of new batches.
    private final ReadWriteLock lock = new ReentrantReadWriteLock(true);
    private volatile ServedPolicy current;

    /** Returns the served policy, or empty while the model is still loading. */
    public Optional<ServedPolicy> current() {
        return Optional.ofNullable(current);
    }

    /** Returns whether a model has been loaded. */
    public boolean loaded() {
        return current != null;
    }

    /**
     * Runs {@code batch} with the served policy; no swap happens while it runs.
     *
     * @throws ModelNotLoadedException while the model is still loading
     */
    public <T> T withPolicy(Function<ServedPolicy, T> batch) {
        lock.readLock().lock();
        try {
            ServedPolicy policy = current;
            if (policy == null) {
                throw new ModelNotLoadedException();
            }
            return batch.apply(policy);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Sets the first policy, loaded at start. */
    public void initialize(ServedPolicy policy) {
        swap(policy);
    }

    /**
     * Replaces the served policy after running batches finish, then closes the old model.
     *
     * @return the policy that was replaced, already closed, or null if none was served
     */
    public ServedPolicy swap(ServedPolicy next) {
        ServedPolicy previous;
        lock.writeLock().lock();
        try {
            previous = current;
            current = next;
            if (previous != null && previous.model() != next.model()) {
                previous.model().close();
            }
        } finally {
            lock.writeLock().unlock();
        }
        log.info("Serving policy version={} sha256={} kind={}", next.version(), next.sha256(), next.kind().wireName());
        return previous;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (current != null) {
                current.model().close();
                if (current.tokenizer() instanceof AutoCloseable closeable) {
                    closeable.close();
                }
                current = null;
            }
        } catch (Exception e) {
            log.warn("Closing the tokenizer failed", e);
        } finally {
            lock.writeLock().unlock();
        }
    }
}
