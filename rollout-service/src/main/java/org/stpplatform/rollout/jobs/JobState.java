package org.stpplatform.rollout.jobs;

/** Lifecycle of a rollout job. QUEUED and RUNNING are the only states that change. */
public enum JobState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Stopped before the end because the served policy version changed or the service stopped. */
    CANCELLED;

    public boolean finished() {
        return this != QUEUED && this != RUNNING;
    }
}
