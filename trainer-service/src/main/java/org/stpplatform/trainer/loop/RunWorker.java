package org.stpplatform.trainer.loop;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stpplatform.common.api.GroupCompletion;
import org.stpplatform.common.api.ScoredGroup;
import org.stpplatform.engine.grpo.GrpoGroup;
import org.stpplatform.engine.grpo.StepResult;
import org.stpplatform.trainer.TrainerProperties;
import org.stpplatform.trainer.checkpoint.CheckpointEntity;
import org.stpplatform.trainer.checkpoint.CheckpointStore;
import org.stpplatform.trainer.client.RewardClient;
import org.stpplatform.trainer.client.RolloutApi;
import org.stpplatform.trainer.config.RolloutMode;
import org.stpplatform.trainer.config.RunConfig;
import org.stpplatform.trainer.dataset.DatasetLoader;
import org.stpplatform.trainer.dataset.TaskDataset;
import org.stpplatform.trainer.dataset.TaskExample;
import org.stpplatform.trainer.evaluation.EvaluationResult;
import org.stpplatform.trainer.loop.ReplicaFleet.Replica;
import org.stpplatform.trainer.metrics.TrainerMetrics;
import org.stpplatform.trainer.prior.PriorService;
import org.stpplatform.trainer.prior.PriorService.Prior;
import org.stpplatform.trainer.run.RunEntity;
import org.stpplatform.trainer.run.RunState;
import org.stpplatform.trainer.run.RunStore;
import org.stpplatform.trainer.step.StepMetrics;

/**
 * The training loop of one run, on its own thread. Each step chooses prompts and submits rollout
 * jobs, with each prompt's anchor canvas when spatial pruning is on. It claims the scored groups,
 * runs the GRPO update, pushes the weights to every replica and confirms the version. Then it
 * acknowledges the groups, records the step, writes a checkpoint and evaluates every K steps.
 *
 * <p>A worker always starts from the run's newest checkpoint (or the starting model), so start,
 * resume after pause and resume after a trainer restart are the same path.
 */
final class RunWorker implements Runnable, RunControl {

    private static final Logger log = LoggerFactory.getLogger(RunWorker.class);

    private final String runId;
    private final AtomicBoolean stopRequested;
    private final WorkerContext context;
    private final TrainerProperties properties;
    private final String claimerId;

    private RunConfig config;
    private TaskDataset dataset;
    private PolicyRuntime policy;
    private ReplicaFleet fleet;
    private RewardClient reward;
    private WeightPusher pusher;
    private PolicyWeights currentWeights;
    private long version;
    private Map<String, Prior> priors = Map.of();
    private StepRollout prefetched;
    private boolean waiting;

    RunWorker(String runId, AtomicBoolean stopRequested, WorkerContext context) {
        this.runId = runId;
        this.stopRequested = stopRequested;
        this.context = context;
        this.properties = context.properties();
        // Stable per run, so that a worker resuming the run after a trainer restart gets the groups
        // that the previous worker leased but did not acknowledge at once, not after the lease
        // expires. Sharing the id is safe because only one worker runs a run at a time. The
        // RunSupervisor starts the next worker after the previous one exits, and one trainer
        // process owns the run database (the trainer Deployment has one replica, strategy Recreate).
        this.claimerId = "trainer-" + runId;
    }

    @Override
    public void run() {
        try {
            execute();
        } catch (RunInterruptedException e) {
            log.info("Run worker stopped runId={} reason={}", runId, e.getMessage());
        } catch (Exception e) {
            log.error("Run failed runId={}", runId, e);
            context.progress().fail(runId, describe(e));
        } finally {
            if (policy != null) {
                policy.close();
            }
        }
    }

    private void execute() throws IOException {
        RunEntity run = context.store().get(runId);
        config = context.runs().config(run);
        running("loading dataset and model");
        dataset = DatasetLoader.load(config, PolicyRuntime.usesCompactPrompts(config));
        Optional<CheckpointEntity> checkpoint = context.checkpoints().latest(runId);
        long completed = checkpoint.map(CheckpointEntity::getStep).orElse(0L);
        context.progress().rewind(runId, completed, checkpoint.map(CheckpointEntity::getStep).orElse(null));
        policy = PolicyRuntime.open(config, checkpoint.map(c -> Path.of(c.getPath())).orElse(null),
                properties.varianceProbeSeeds());
        reward = new RewardClient(context.restClientBuilder(), config.rewardServiceUrl(), properties.requestTimeout());
        fleet = new ReplicaFleet(runId, config.rollout(), url -> new org.stpplatform.trainer.client.RolloutClient(
                context.restClientBuilder(), url, properties.requestTimeout(), properties.apiToken()));
        pusher = new WeightPusher(runId);
        // Policy versions never repeat within a run, also after a restart that rewinds to a
        // checkpoint: the reward service keys groups by (run, step, prompt, version), and a group
        // acknowledged before the restart is never delivered again.
        version = Math.max(version, run.getPolicyVersion() == null ? 0 : run.getPolicyVersion());

        if (config.spatialPruningEnabled()) {
            priors = obtainPriors(checkpoint.isPresent());
        }
        running("pushing weights to the rollout replicas");
        currentWeights = policy.weights();
        version = pushUntilServed(currentWeights, pusher.nextVersion(fleet, version));
        context.progress().recordPolicyVersion(runId, version);

        if (completed == 0 && config.evaluation().beforeTraining() && !context.progress().hasEvaluation(runId, 0)) {
            evaluate(0, null);
        }
        for (long step = completed + 1; step <= config.steps(); step++) {
            checkContinue();
            if (!context.store().isActive(runId)) {
                log.info("Run worker stopped between steps because the run is paused runId={} completedSteps={}",
                        runId, step - 1);
                context.store().describePaused(runId, pausedDetail(step - 1));
                return;
            }
            runStep(step);
        }
        if (!context.store().isActive(runId)) {
            log.info("Run worker stopped after the last step because the run is paused runId={}", runId);
            context.store().describePaused(runId, pausedDetail(config.steps()));
            return;
        }
        if (!context.progress().hasEvaluation(runId, config.steps())) {
            Long checkpointId = context.checkpoints().latest(runId)
                    .filter(c -> c.getStep() == config.steps())
                    .map(CheckpointEntity::getId)
                    .orElse(null);
            evaluate(config.steps(), checkpointId);
        }
        context.progress().complete(runId);
    }

    private Map<String, Prior> obtainPriors(boolean resumed) {
        Optional<Map<String, Prior>> stored = PriorBuilder.find(context.priors(), config, dataset);
        if (stored.isPresent()) {
            return stored.get();
        }
        if (resumed) {
            // NOTE: for LoRA runs the base weights pushed here are the current adapters, not the
            // starting ones, so priors rebuilt after a resume come from the trained policy.
            log.warn("Priors missing on resume; building them from the starting weights runId={}", runId);
        }
        running("pushing base weights for the priors");
        PolicyWeights base = policy.baseWeights();
        long baseVersion = pushUntilServed(base, pusher.nextVersion(fleet, version));
        version = baseVersion;
        return PriorBuilder.build(runId, config, dataset, policy, context.priors(), baseVersion,
                () -> ensureServing(base, baseVersion), this);
    }

    private void runStep(long step) throws IOException {
        running("step " + step + ": rollout");
        List<TaskExample> examples = WorkerSupport.promptsOfStep(dataset.training(), config.promptsPerStep(),
                config.seed(), step);
        String systemText = WorkerSupport.systemText(config);
        List<int[]> promptIds = new ArrayList<>();
        for (TaskExample example : examples) {
            promptIds.add(policy.promptIds(systemText, example.question()));
        }
        StepRollout rollout = prefetched != null && prefetched.step() == step ? prefetched
                : newRollout(step, examples, promptIds);
        prefetched = null;
        long stepVersion = version;
        rollout.markPhaseStart();
        rollout.submit(ensureServing(currentWeights, stepVersion), stepVersion);
        StepRollout.Result collected = rollout.collect(reward, claimerId, properties.leaseDuration(), this,
                properties.pollInterval(), properties.outageRetryInterval(), acceptedVersions(stepVersion),
                () -> ensureServing(currentWeights, stepVersion), stepVersion);
        if (config.rollout().mode() == RolloutMode.ASYNC && step < config.steps()) {
            prefetch(step + 1, systemText);
        }

        running("step " + step + ": update");
        long updateStart = System.nanoTime();
        List<GrpoGroup> groups = toGrpoGroups(collected.groups(), examples, promptIds);
        StepResult update = policy.update(groups, WorkerSupport.mix(config.seed(), step));
        long updateMillis = (System.nanoTime() - updateStart) / 1_000_000;

        running("step " + step + ": push");
        long pushStart = System.nanoTime();
        currentWeights = policy.weights();
        long newVersion = pushUntilServed(currentWeights, pusher.nextVersion(fleet, version));
        version = newVersion;
        long pushMillis = (System.nanoTime() - pushStart) / 1_000_000;

        rollout.acknowledgeAccepted(reward, claimerId);
        StepMetrics metrics = StepMetricsCalculator.of(step, newVersion, stepVersion, collected, update,
                config.generation().generationLength(), updateMillis, pushMillis);
        if (!context.progress().recordStep(runId, metrics)) {
            throw new RunInterruptedException("run cancelled during step " + step);
        }
        context.metrics().recordStep(runId, metrics);
        context.metrics().countDroppedStale(runId, collected.droppedStale());
        log.info("Step recorded runId={} step={} version={} rewardMean={} accuracy={} loss={} kl={} rolloutMs={} "
                + "updateMs={} pushMs={}", runId, step, newVersion, metrics.rewardMean(), metrics.accuracy(),
                metrics.loss(), metrics.kl(), metrics.rolloutMillis(), updateMillis, pushMillis);

        boolean last = step == config.steps();
        boolean stopping = stopRequested.get() || !context.store().isActive(runId);
        CheckpointEntity checkpoint = null;
        if (last || stopping || step % config.checkpoint().intervalSteps() == 0) {
            checkpoint = context.checkpoints().save(runId, step, newVersion, config.checkpoint().retention(),
                    policy::save);
            context.progress().recordCheckpoint(runId, step);
        }
        // The evaluation after the last step runs once the loop ends, also after a pause.
        int interval = config.evaluation().intervalSteps();
        if (!stopping && !last && interval > 0 && step % interval == 0) {
            evaluate(step, checkpoint == null ? null : checkpoint.getId());
        }
    }

    private StepRollout newRollout(long step, List<TaskExample> examples, List<int[]> promptIds) {
        List<StepRollout.PromptSpec> specs = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            TaskExample example = examples.get(i);
            specs.add(new StepRollout.PromptSpec(example.id(), Generations.boxed(promptIds.get(i)),
                    example.reference(), canvas(example.id())));
        }
        RunConfig.GenerationConfig generation = config.generation();
        RolloutApi.DecodingSettings settings = new RolloutApi.DecodingSettings(generation.generationLength(),
                generation.blockLength(), generation.denoisingSteps(), generation.temperature(),
                generation.remasking().wireName(), config.earlyExitEnabled() ? config.earlyExitTau() : null,
                WorkerSupport.mix(config.seed() ^ 0x5EEDL, step));
        return new StepRollout(runId, step, config.task(), config.groupSize(), settings, config.rewardServiceUrl(),
                specs, Duration.ofSeconds(config.rollout().jobTimeoutSeconds()));
    }

    /**
     * Submits the next step's jobs with the current version before this step's update (async mode).
     *
     * <p>NOTE: only one step is prefetched, so groups lag by at most one version even when
     * {@code rollout.maxStaleness} allows more.
     */
    private void prefetch(long step, String systemText) {
        List<TaskExample> examples = WorkerSupport.promptsOfStep(dataset.training(), config.promptsPerStep(),
                config.seed(), step);
        List<int[]> promptIds = examples.stream().map(e -> policy.promptIds(systemText, e.question())).toList();
        prefetched = newRollout(step, examples, promptIds);
        prefetched.submit(fleet.serving(version), version);
    }

    private LongPredicate acceptedVersions(long stepVersion) {
        if (config.rollout().mode() == RolloutMode.SYNC) {
            return groupVersion -> groupVersion == stepVersion;
        }
        int bound = config.rollout().maxStaleness();
        return groupVersion -> groupVersion <= stepVersion && stepVersion - groupVersion <= bound;
    }

    private RolloutApi.Canvas canvas(String promptId) {
        Prior prior = priors.get(promptId);
        if (prior == null) {
            return null;
        }
        List<Boolean> anchors = new ArrayList<>(prior.anchors().length);
        for (boolean anchor : prior.anchors()) {
            anchors.add(anchor);
        }
        return new RolloutApi.Canvas(Generations.boxed(prior.tokenIds()), anchors);
    }

    private List<GrpoGroup> toGrpoGroups(List<ScoredGroup> groups, List<TaskExample> examples, List<int[]> promptIds) {
        List<GrpoGroup> result = new ArrayList<>(groups.size());
        int length = config.generation().generationLength();
        for (int i = 0; i < groups.size(); i++) {
            ScoredGroup group = groups.get(i);
            List<int[]> completions = new ArrayList<>();
            for (GroupCompletion completion : group.completions()) {
                completions.add(completionIds(completion, length));
            }
            double[] rewards = group.scores().stream().mapToDouble(s -> s.reward()).toArray();
            Prior prior = priors.get(examples.get(i).id());
            result.add(new GrpoGroup(promptIds.get(i), completions, prior == null ? null : prior.anchors(), rewards));
        }
        return result;
    }

    private int[] completionIds(GroupCompletion completion, int length) {
        int[] ids = new int[length];
        java.util.Arrays.fill(ids, policy.tokenizer().eosTokenId());
        int[] source = completion.tokenIds() != null ? Generations.unboxed(completion.tokenIds())
                : policy.tokenizer().encode(completion.text());
        System.arraycopy(source, 0, ids, 0, Math.min(length, source.length));
        return ids;
    }

    private void evaluate(long step, Long checkpointId) {
        running("evaluating after step " + step);
        PolicyWeights weights = currentWeights;
        long evaluatedVersion = version;
        List<EvaluationResult> results = Evaluator.evaluate(runId, config, dataset, policy, evaluatedVersion,
                () -> ensureServing(weights, evaluatedVersion), reward, this);
        context.progress().recordEvaluations(runId, step, evaluatedVersion, checkpointId, results);
        if (!results.isEmpty()) {
            context.metrics().recordAccuracy(runId, results.get(0).accuracy());
        }
    }

    /** Pushes until at least one replica serves the weights as {@code target}; waits while none does. */
    private long pushUntilServed(PolicyWeights weights, long target) {
        long attemptVersion = target;
        while (true) {
            checkContinue();
            fleet.refresh();
            if (!pusher.push(fleet, weights, attemptVersion).isEmpty()) {
                return attemptVersion;
            }
            waiting("no rollout replica accepted weights version " + attemptVersion + "; retrying every "
                    + properties.outageRetryInterval().toSeconds() + " s");
            pause(properties.outageRetryInterval());
            attemptVersion = pusher.nextVersion(fleet, attemptVersion - 1);
        }
    }

    /** Returns the replicas serving {@code target}, first pushing the weights to those that lack them. */
    private List<Replica> ensureServing(PolicyWeights weights, long target) {
        fleet.refresh();
        List<Replica> serving = pusher.push(fleet, weights, target);
        if (!serving.isEmpty() && waiting) {
            running("rolling out");
        }
        return serving;
    }

    /**
     * Stops at once for a cancel or a service shutdown. A pause lets the current step finish: the
     * loop checks for it between steps.
     */
    @Override
    public void checkContinue() {
        if (stopRequested.get() || Thread.currentThread().isInterrupted()) {
            throw new RunInterruptedException("stop requested");
        }
        RunState state = context.store().stateOf(runId);
        if (state == null || state.isTerminal()) {
            throw new RunInterruptedException("run is " + (state == null ? "deleted" : state.wireName()));
        }
    }

    @Override
    public void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunInterruptedException("interrupted");
        }
        checkContinue();
    }

    /** Marks the run waiting; a paused run keeps its state and detail. */
    @Override
    public void waiting(String detail) {
        waiting = true;
        context.store().setActiveState(runId, RunState.WAITING, detail);
    }

    /** Marks the run running; a paused run keeps its state and detail. */
    @Override
    public void running(String detail) {
        waiting = false;
        context.store().setActiveState(runId, RunState.RUNNING, detail);
    }

    private static String pausedDetail(long completedSteps) {
        return "paused after step " + completedSteps + "; resume continues from its checkpoint";
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
