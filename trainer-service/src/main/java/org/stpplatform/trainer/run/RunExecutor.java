package org.stpplatform.trainer.run;

/** Runs the training loop of a run on a background worker. */
public interface RunExecutor {

    /**
     * Starts a worker for the run unless one is already active. The worker resumes from the run's
     * newest checkpoint when one exists.
     */
    void launch(String runId);

    /** Asks the run's worker, if any, to stop after its current phase; returns at once. */
    void requestStop(String runId);

    /** Returns whether a worker is active for the run. */
    boolean isActive(String runId);
}
