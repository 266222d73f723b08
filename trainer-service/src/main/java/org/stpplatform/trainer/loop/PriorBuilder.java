package org.stpplatform.trainer.loop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stpplatform.engine.sampling.Canvas;
import org.stpplatform.engine.stp.AnchorSelector;
import org.stpplatform.engine.stp.AnchorStrategy;
import org.stpplatform.trainer.client.RolloutApi;
import org.stpplatform.trainer.client.RolloutApi.Completion;
import org.stpplatform.trainer.config.RunConfig;
import org.stpplatform.trainer.dataset.TaskDataset;
import org.stpplatform.trainer.dataset.TaskExample;
import org.stpplatform.trainer.loop.ReplicaFleet.Replica;
import org.stpplatform.trainer.prior.PriorService;
import org.stpplatform.trainer.prior.PriorService.Prior;

/**
 * Builds the spatial-pruning priors of a run, or reuses a stored set. The rollout service generates
 * one completion per training prompt from the base model, with the training decoding and no early
 * exit. The trainer scores each prior token with one all-mask forward pass and selects anchors by
 * the configured strategy and rho.
 */
final class PriorBuilder {

    private static final Logger log = LoggerFactory.getLogger(PriorBuilder.class);

    private PriorBuilder() {
    }

    /** Returns the settings description whose hash keys the prior set. */
    static String description(RunConfig config, TaskDataset dataset) {
        RunConfig.GenerationConfig generation = config.generation();
        return "dataset=" + dataset.description()
                + " model=" + config.model().name()
                + " checkpoint=" + config.model().checkpoint()
                + " generation=" + generation.generationLength() + "/" + generation.blockLength() + "/"
                + generation.denoisingSteps() + "/" + generation.temperature() + "/" + generation.remasking().wireName()
                + " strategy=" + config.spatialPruning().strategy().wireName()
                + " rho=" + config.spatialPruning().rho()
                + " seed=" + config.seed();
    }

    /** Returns the stored priors of these settings, if a complete set exists. */
    static Optional<Map<String, Prior>> find(PriorService priors, RunConfig config, TaskDataset dataset) {
        return priors.find(description(config, dataset));
    }

    /**
     * Generates, scores and stores the priors of every training prompt.
     *
     * @param baseVersion policy version of the base weights on the replicas
     */
    static Map<String, Prior> build(String runId, RunConfig config, TaskDataset dataset, PolicyRuntime policy,
            PriorService priors, long baseVersion, Supplier<List<Replica>> replicas, RunControl control) {
        long started = System.nanoTime();
        List<TaskExample> examples = dataset.training();
        String systemText = WorkerSupport.systemText(config);
        List<int[]> prompts = new ArrayList<>(examples.size());
        for (TaskExample example : examples) {
            prompts.add(policy.promptIds(systemText, example.question()));
        }
        RunConfig.GenerationConfig generation = config.generation();
        RolloutApi.DecodingSettings settings = new RolloutApi.DecodingSettings(generation.generationLength(),
                generation.blockLength(), generation.denoisingSteps(), generation.temperature(),
                generation.remasking().wireName(), null, config.seed());
        control.running("building priors for " + examples.size() + " training prompts");
        List<Completion> completions = Generations.generate(runId, prompts, settings, baseVersion, replicas, control);
        AnchorStrategy strategy = AnchorStrategy.valueOf(config.spatialPruning().strategy().name());
        Map<String, Prior> byPrompt = new LinkedHashMap<>();
        for (int i = 0; i < examples.size(); i++) {
            control.checkContinue();
            int[] prior = Generations.unboxed(completions.get(i).tokenIds());
            double[] scores = strategy.usesScores()
                    ? AnchorSelector.priorScores(policy.baseModel(), prompts.get(i), prior) : null;
            Canvas canvas = AnchorSelector.select(prior, scores, strategy, config.spatialPruning().rho(),
                    policy.tokenizer(), config.seed() + i);
            byPrompt.put(examples.get(i).id(), new Prior(prior, canvas.anchors()));
        }
        Map<String, Prior> stored = priors.store(description(config, dataset), byPrompt);
        log.info("Priors built runId={} prompts={} durationMs={}", runId, stored.size(),
                (System.nanoTime() - started) / 1_000_000);
        return stored;
    }
}
