package org.stpplatform.trainer.run;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Set;

/**
 * Life cycle of a run.
 *
 * <pre>
 * CREATED --start--> RUNNING --last step--> COMPLETED
 * RUNNING <--> WAITING          (reward service or every rollout replica unreachable; resumes by itself)
 * RUNNING/WAITING --pause--> PAUSED --resume--> RUNNING
 * any non-terminal --cancel--> CANCELLED
 * RUNNING/WAITING --unrecoverable error--> FAILED
 * </pre>
 */
public enum RunState {
    CREATED,
    RUNNING,
    WAITING,
    PAUSED,
    COMPLETED,
    CANCELLED,
    FAILED;

    private static final Set<RunState> TERMINAL = Set.of(COMPLETED, CANCELLED, FAILED);

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /** Returns whether a worker should be executing the run in this state. */
    public boolean isActive() {
        return this == RUNNING || this == WAITING;
    }
}
