package org.stpplatform.trainer.loop;

/** Thrown inside a worker when the run was paused or cancelled, or the service is stopping. */
final class RunInterruptedException extends RuntimeException {

    RunInterruptedException(String message) {
        super(message, null, false, false);
    }
}
