package org.stpplatform.trainer.loop;

import org.springframework.web.client.RestClient;
import org.stpplatform.trainer.TrainerProperties;
import org.stpplatform.trainer.checkpoint.CheckpointStore;
import org.stpplatform.trainer.metrics.TrainerMetrics;
import org.stpplatform.trainer.prior.PriorService;
import org.stpplatform.trainer.run.RunService;
import org.stpplatform.trainer.run.RunStore;

/** Services that every run worker uses. */
record WorkerContext(
        RunStore store,
        RunService runs,
        RunProgress progress,
        CheckpointStore checkpoints,
        PriorService priors,
        TrainerMetrics metrics,
        TrainerProperties properties,
        RestClient.Builder restClientBuilder) {
}
