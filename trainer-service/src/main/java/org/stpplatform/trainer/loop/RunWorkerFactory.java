package org.stpplatform.trainer.loop;

import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.stpplatform.trainer.TrainerProperties;
import org.stpplatform.trainer.checkpoint.CheckpointStore;
import org.stpplatform.trainer.metrics.TrainerMetrics;
import org.stpplatform.trainer.prior.PriorService;
import org.stpplatform.trainer.run.RunService;
import org.stpplatform.trainer.run.RunStore;

/** Creates the worker that executes one run. */
@Component
public class RunWorkerFactory {

    private final WorkerContext context;

    /** {@code runs} is lazy because the run service itself depends on the supervisor of these workers. */
    public RunWorkerFactory(RunStore store, @Lazy RunService runs, RunProgress progress, CheckpointStore checkpoints,
            PriorService priors, TrainerMetrics metrics, TrainerProperties properties,
            RestClient.Builder restClientBuilder) {
        this.context = new WorkerContext(store, runs, progress, checkpoints, priors, metrics, properties,
                restClientBuilder);
    }

    /**
     * Returns the worker of a run.
     *
     * @param stopRequested set by the supervisor when the worker should stop after its current phase
     */
    public Runnable create(String runId, AtomicBoolean stopRequested) {
        return new RunWorker(runId, stopRequested, context);
    }
}
