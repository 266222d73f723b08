package org.stpplatform.reward.scoring;

/**
 * Per-item time limit on {@link System#nanoTime()}. Loops over input text, parsers and evaluators
 * call {@link #check()} so that adversarial input ends as a TIMEOUT instead of blocking a worker.
 */
public final class Deadline {

    private final long expiresAtNanos;
    private int calls;

    private Deadline(long expiresAtNanos) {
        this.expiresAtNanos = expiresAtNanos;
    }

    /** Starts a deadline that expires {@code nanos} nanoseconds from now. */
    public static Deadline afterNanos(long nanos) {
        return new Deadline(System.nanoTime() + Math.max(0L, nanos));
    }

    /** Returns a deadline that never expires, for tests and offline tools. */
    public static Deadline none() {
        return new Deadline(Long.MAX_VALUE);
    }

    /**
     * Throws when the deadline has passed. Reads the clock on every 64th call only, because
     * tight scanning loops call this once per character.
     *
     * @throws DeadlineExceededException when the time is up
     */
    public void check() {
        if ((++calls & 63) == 0) {
            checkNow();
        }
    }

    /** Reads the clock and throws when the deadline has passed; for expensive steps. */
    public void checkNow() {
        if (expiresAtNanos != Long.MAX_VALUE && System.nanoTime() - expiresAtNanos > 0) {
            throw new DeadlineExceededException();
        }
    }

    /** Thrown by {@link Deadline#check()}; scorers turn it into a TIMEOUT outcome. */
    public static final class DeadlineExceededException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DeadlineExceededException() {
            super("scoring deadline exceeded", null, false, false);
        }
    }
}
