package org.stpplatform.trainer.loop;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.stpplatform.trainer.checkpoint.CheckpointRepository;
import org.stpplatform.trainer.evaluation.EvaluationEntity;
import org.stpplatform.trainer.evaluation.EvaluationRepository;
import org.stpplatform.trainer.evaluation.EvaluationResult;
import org.stpplatform.trainer.run.RunEntity;
import org.stpplatform.trainer.run.RunRepository;
import org.stpplatform.trainer.run.RunState;
import org.stpplatform.trainer.step.StepEntity;
import org.stpplatform.trainer.step.StepMetrics;
import org.stpplatform.trainer.step.StepRepository;

/**
 * Records written by a run's worker, each in one transaction that locks the run's row, so a step
 * and the run's progress change together.
 */
@Service
public class RunProgress {

    private static final Logger log = LoggerFactory.getLogger(RunProgress.class);

    private final RunRepository runs;
    private final StepRepository steps;
    private final EvaluationRepository evaluations;
    private final CheckpointRepository checkpoints;
    private final Clock clock;

    public RunProgress(RunRepository runs, StepRepository steps, EvaluationRepository evaluations,
            CheckpointRepository checkpoints, Clock clock) {
        this.runs = runs;
        this.steps = steps;
        this.evaluations = evaluations;
        this.checkpoints = checkpoints;
        this.clock = clock;
    }

    /**
     * Rolls a run back to the step of the checkpoint it resumes from: steps, evaluations and
     * checkpoint records after it are deleted, because the resumed run repeats those steps.
     */
    @Transactional
    public void rewind(String runId, long completedStep, Long checkpointStep) {
        RunEntity run = lock(runId);
        int deletedSteps = steps.deleteAfter(runId, completedStep);
        int deletedEvaluations = evaluations.deleteAfter(runId, completedStep);
        int deletedCheckpoints = checkpoints.deleteAfter(runId, completedStep);
        run.rewindTo(completedStep, checkpointStep, run.getPolicyVersion(), clock.instant());
        if (deletedSteps + deletedEvaluations + deletedCheckpoints > 0) {
            log.info("Run rewound to its checkpoint runId={} step={} deletedSteps={} deletedEvaluations={} "
                    + "deletedCheckpoints={}", runId, completedStep, deletedSteps, deletedEvaluations, deletedCheckpoints);
        }
    }

    /** Stores the base version once, the first time the run's weights reach the replicas. */
    @Transactional
    public void recordPolicyVersion(String runId, long version) {
        RunEntity run = lock(runId);
        if (run.getBasePolicyVersion() == null) {
            run.setBasePolicyVersion(version);
        }
        run.setPolicyVersion(version);
    }

    /**
     * Stores a completed step and advances the run, unless the run was cancelled meanwhile.
     *
     * @return false when the run is cancelled or gone and nothing was stored
     */
    @Transactional
    public boolean recordStep(String runId, StepMetrics metrics) {
        RunEntity run = runs.findForUpdate(runId).orElse(null);
        if (run == null || run.getState() == RunState.CANCELLED || run.getState().isTerminal()) {
            return false;
        }
        steps.save(new StepEntity(runId, metrics, clock.instant()));
        run.recordStep(metrics.step(), metrics.policyVersion(), metrics.groupsDroppedStale(), clock.instant());
        return true;
    }

    @Transactional
    public void recordCheckpoint(String runId, long step) {
        lock(runId).setLastCheckpointStep(step);
    }

    @Transactional
    public void recordEvaluations(String runId, long step, long version, Long checkpointId,
            List<EvaluationResult> results) {
        lock(runId);
        for (EvaluationResult result : results) {
            evaluations.save(new EvaluationEntity(runId, step, version, checkpointId, result, clock.instant()));
        }
    }

    @Transactional(readOnly = true)
    public boolean hasEvaluation(String runId, long step) {
        return evaluations.existsByRunIdAndStep(runId, step);
    }

    /** Marks the run completed if it is still running or waiting. */
    @Transactional
    public void complete(String runId) {
        RunEntity run = lock(runId);
        if (run.getState().isActive()) {
            run.transitionTo(RunState.COMPLETED, run.getCurrentStep() + " steps done", clock.instant());
            log.info("Run completed runId={} steps={}", runId, run.getCurrentStep());
        }
    }

    /** Marks the run failed unless it already ended or was paused. */
    @Transactional
    public void fail(String runId, String detail) {
        RunEntity run = runs.findForUpdate(runId).orElse(null);
        if (run != null && run.getState().isActive()) {
            run.transitionTo(RunState.FAILED, detail, clock.instant());
        }
    }

    private RunEntity lock(String runId) {
        return runs.findForUpdate(runId)
                .orElseThrow(() -> new IllegalStateException("run " + runId + " no longer exists"));
    }
}
