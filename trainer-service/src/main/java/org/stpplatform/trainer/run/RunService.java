package org.stpplatform.trainer.run;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.stpplatform.trainer.TrainerProperties;
import org.stpplatform.trainer.checkpoint.CheckpointRepository;
import org.stpplatform.trainer.checkpoint.CheckpointView;
import org.stpplatform.trainer.config.ModelCatalog;
import org.stpplatform.trainer.config.RunConfig;
import org.stpplatform.trainer.config.RunConfigValidator;
import org.stpplatform.trainer.evaluation.EvaluationRepository;
import org.stpplatform.trainer.evaluation.EvaluationView;
import org.stpplatform.trainer.step.StepMetrics;
import org.stpplatform.trainer.step.StepRepository;
import tools.jackson.databind.json.JsonMapper;

/** Creates runs and applies the user's life-cycle requests (start, pause, resume, cancel). */
@Service
public class RunService {

    private static final Logger log = LoggerFactory.getLogger(RunService.class);

    private final RunRepository runs;
    private final RunStore store;
    private final StepRepository steps;
    private final CheckpointRepository checkpoints;
    private final EvaluationRepository evaluations;
    private final RunExecutor executor;
    private final ModelCatalog models;
    private final RunConfig.ServiceDefaults defaults;
    private final JsonMapper json;
    private final Clock clock;

    public RunService(RunRepository runs, RunStore store, StepRepository steps, CheckpointRepository checkpoints,
            EvaluationRepository evaluations, RunExecutor executor, ModelCatalog models,
            TrainerProperties properties, JsonMapper json, Clock clock) {
        this.runs = runs;
        this.store = store;
        this.steps = steps;
        this.checkpoints = checkpoints;
        this.evaluations = evaluations;
        this.executor = executor;
        this.models = models;
        this.defaults = new RunConfig.ServiceDefaults(properties.rewardServiceUrl(), properties.rolloutEndpoints());
        this.json = json;
        this.clock = clock;
    }

    /**
     * Applies defaults, validates and stores a run in state created.
     *
     * @throws org.stpplatform.common.web.ApiException 400 listing every invalid field
     */
    @Transactional
    public RunView create(RunConfig requested) {
        RunConfig config = requested.withDefaults(defaults);
        RunConfigValidator.requireValid(config, models);
        String runId = "run-" + UUID.randomUUID();
        RunEntity run = new RunEntity(runId, config.name(), config.task().wireName(),
                config.algorithm().wireName(), json.writeValueAsString(config), config.steps(), clock.instant());
        runs.save(run);
        log.info("Run created runId={} task={} algorithm={} steps={}", runId, run.getTask(), run.getAlgorithm(),
                config.steps());
        return view(run);
    }

    public RunView start(String runId) {
        RunEntity run = store.transition(runId, EnumSet.of(RunState.CREATED), RunState.RUNNING,
                "starting", "start");
        executor.launch(runId);
        return view(run);
    }

    public RunView pause(String runId) {
        RunEntity run = store.transition(runId, EnumSet.of(RunState.RUNNING, RunState.WAITING), RunState.PAUSED,
                "paused by request; the current step finishes and is checkpointed", "pause");
        return view(run);
    }

    public RunView resume(String runId) {
        RunEntity run = store.transition(runId, EnumSet.of(RunState.PAUSED), RunState.RUNNING,
                "resuming from the newest checkpoint", "resume");
        executor.launch(runId);
        return view(run);
    }

    public RunView cancel(String runId) {
        RunEntity run = store.transition(runId,
                EnumSet.of(RunState.CREATED, RunState.RUNNING, RunState.WAITING, RunState.PAUSED),
                RunState.CANCELLED, "cancelled by request", "cancel");
        executor.requestStop(runId);
        return view(run);
    }

    @Transactional(readOnly = true)
    public RunView get(String runId) {
        return view(store.get(runId));
    }

    @Transactional(readOnly = true)
    public List<RunView> list() {
        return runs.findAllByOrderByCreatedAtDesc().stream().map(this::view).toList();
    }

    @Transactional(readOnly = true)
    public List<StepMetrics> steps(String runId) {
        store.get(runId);
        return steps.findByRunIdOrdered(runId).stream().map(step -> step.toMetrics()).toList();
    }

    @Transactional(readOnly = true)
    public List<EvaluationView> evaluations(String runId) {
        store.get(runId);
        return evaluations.findByRunIdOrdered(runId).stream().map(EvaluationView::of).toList();
    }

    @Transactional(readOnly = true)
    public List<CheckpointView> checkpoints(String runId) {
        store.get(runId);
        return checkpoints.findByRunIdOrdered(runId).stream().map(CheckpointView::of).toList();
    }

    /** Parses the stored configuration of a run. */
    public RunConfig config(RunEntity run) {
        return json.readValue(run.getConfigJson(), RunConfig.class);
    }

    private RunView view(RunEntity run) {
        return new RunView(run.getId(), run.getName(), run.getState(), run.getStatusDetail(), run.getTask(),
                run.getAlgorithm(), run.getCurrentStep(), run.getTotalSteps(), run.getPolicyVersion(),
                run.getLastCheckpointStep(), run.getGroupsDroppedStale(), run.getCreatedAt(), run.getStartedAt(),
                run.getFinishedAt(), run.getUpdatedAt(), config(run));
    }
}
