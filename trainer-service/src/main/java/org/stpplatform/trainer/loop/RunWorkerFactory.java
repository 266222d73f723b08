package org.stpplatform.trainer.loop;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.stpplatform.trainer.run.RunState;
import org.stpplatform.trainer.run.RunStore;

/** Creates the worker that executes one run. */
@Component
public class RunWorkerFactory {

    private static final Logger log = LoggerFactory.getLogger(RunWorkerFactory.class);

    private final RunStore store;

    public RunWorkerFactory(RunStore store) {
        this.store = store;
    }

    /**
     * Returns the worker of a run.
     *
     * @param stopRequested set by the supervisor when the worker should stop after its current phase
     */
    public Runnable create(String runId, AtomicBoolean stopRequested) {
        // TODO: replace with the training loop once the engine's GRPO step is available; until then
        // a started run fails at once with a status detail that names the missing loop.
        return () -> {
            log.error("Training loop unavailable in this build runId={}", runId);
            store.updateIfActive(runId, run -> run.transitionTo(RunState.FAILED,
                    "the training loop is not available in this build yet", java.time.Instant.now()));
        };
    }
}
