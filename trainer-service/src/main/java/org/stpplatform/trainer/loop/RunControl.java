package org.stpplatform.trainer.loop;

/** Worker operations available to a phase of the loop: stop checks, waits and status changes. */
interface RunControl {

    /** @throws RunInterruptedException when the run should stop now */
    void checkContinue();

    /** Sleeps for the poll interval, or throws {@link RunInterruptedException} when asked to stop. */
    void pause(java.time.Duration duration);

    /** Marks the run waiting, with a detail that names the cause, e.g. an unreachable service. */
    void waiting(String detail);

    /** Marks the run running, with a detail that describes the current phase. */
    void running(String detail);
}
