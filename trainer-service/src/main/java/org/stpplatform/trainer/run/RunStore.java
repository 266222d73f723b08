package org.stpplatform.trainer.run;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.stpplatform.common.web.ApiException;
import org.stpplatform.common.web.ProblemTypes;

/**
 * State changes of stored runs. Every change locks the run's row, so user requests (pause,
 * cancel) and the worker never overwrite each other.
 */
@Service
public class RunStore {

    private static final Logger log = LoggerFactory.getLogger(RunStore.class);

    private final RunRepository runs;
    private final Clock clock;

    public RunStore(RunRepository runs, Clock clock) {
        this.runs = runs;
        this.clock = clock;
    }

    /**
     * Moves a run to {@code target} when its state is one of {@code allowedFrom}.
     *
     * @throws ApiException 404 for an unknown run, 409 when the current state does not allow it
     */
    @Transactional
    public RunEntity transition(String runId, Set<RunState> allowedFrom, RunState target, String detail,
            String action) {
        RunEntity run = runs.findForUpdate(runId).orElseThrow(() -> notFound(runId));
        if (!allowedFrom.contains(run.getState())) {
            throw new ApiException(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Invalid run state",
                    "Cannot " + action + " run " + runId + " in state " + run.getState().wireName()
                            + "; allowed from " + describe(allowedFrom) + ".");
        }
        RunState previous = run.getState();
        run.transitionTo(target, detail, clock.instant());
        log.info("Run state changed runId={} from={} to={} detail={}", runId, previous, target, detail);
        return run;
    }

    /**
     * Applies a change made by the run's worker, only while the run is still active (running or
     * waiting).
     *
     * @return false when the run is no longer active (paused, cancelled or deleted) and nothing changed
     */
    @Transactional
    public boolean updateIfActive(String runId, Consumer<RunEntity> change) {
        RunEntity run = runs.findForUpdate(runId).orElse(null);
        if (run == null || !run.getState().isActive()) {
            return false;
        }
        change.accept(run);
        return true;
    }

    /** Sets running or waiting with a detail, if the run is still active; returns whether it is. */
    @Transactional
    public boolean setActiveState(String runId, RunState state, String detail) {
        return updateIfActive(runId, run -> {
            if (run.getState() != state) {
                log.info("Run state changed runId={} from={} to={} detail={}", runId, run.getState(), state, detail);
            }
            run.transitionTo(state, detail, clock.instant());
        });
    }

    /** Replaces the status detail of a paused run; does nothing in any other state. */
    @Transactional
    public void describePaused(String runId, String detail) {
        runs.findForUpdate(runId)
                .filter(run -> run.getState() == RunState.PAUSED)
                .ifPresent(run -> run.setStatusDetail(detail, clock.instant()));
    }

    /** Returns whether the run exists and is running or waiting. */
    @Transactional(readOnly = true)
    public boolean isActive(String runId) {
        return runs.findById(runId).map(run -> run.getState().isActive()).orElse(false);
    }

    /** Returns the run's state, or null for an unknown run. */
    @Transactional(readOnly = true)
    public RunState stateOf(String runId) {
        return runs.findById(runId).map(RunEntity::getState).orElse(null);
    }

    @Transactional(readOnly = true)
    public RunEntity get(String runId) {
        return runs.findById(runId).orElseThrow(() -> notFound(runId));
    }

    static ApiException notFound(String runId) {
        return ApiException.notFound("No run with id '" + runId + "'; list runs with GET /v1/runs.");
    }

    private static String describe(Set<RunState> states) {
        return EnumSet.copyOf(states).stream().map(RunState::wireName).reduce((a, b) -> a + ", " + b).orElse("none");
    }
}
