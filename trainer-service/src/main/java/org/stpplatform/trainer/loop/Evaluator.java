package org.stpplatform.trainer.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stpplatform.common.api.ScoreOutcome;
import org.stpplatform.common.api.ScoredCompletion;
import org.stpplatform.trainer.client.RewardClient;
import org.stpplatform.trainer.client.RolloutApi;
import org.stpplatform.trainer.client.RolloutApi.Completion;
import org.stpplatform.trainer.client.ServiceUnavailableException;
import org.stpplatform.trainer.config.RunConfig;
import org.stpplatform.trainer.dataset.TaskDataset;
import org.stpplatform.trainer.dataset.TaskExample;
import org.stpplatform.trainer.evaluation.EvaluationResult;
import org.stpplatform.trainer.loop.ReplicaFleet.Replica;

/**
 * Greedy evaluation on the held-out set: generation through the rollout service at each configured
 * length (steps = length / 2, block = min(blockLength, length), temperature 0), scored by the
 * reward service.
 */
final class Evaluator {

    private static final Logger log = LoggerFactory.getLogger(Evaluator.class);

    private Evaluator() {
    }

    /** Evaluates one policy version at every configured generation length. */
    static List<EvaluationResult> evaluate(String runId, RunConfig config, TaskDataset dataset, PolicyRuntime policy,
            long version, Supplier<List<Replica>> replicas, RewardClient reward, RunControl control) {
        List<TaskExample> examples = dataset.heldOut();
        String systemText = WorkerSupport.systemText(config);
        List<int[]> prompts = examples.stream().map(e -> policy.promptIds(systemText, e.question())).toList();
        List<String> references = examples.stream().map(TaskExample::reference).toList();
        List<EvaluationResult> results = new ArrayList<>();
        for (int length : config.evaluation().generationLengths()) {
            long started = System.nanoTime();
            int block = Math.min(config.evaluation().blockLength(), length);
            int steps = length / 2;
            RolloutApi.DecodingSettings settings = new RolloutApi.DecodingSettings(length, block, steps, 0.0,
                    config.generation().remasking().wireName(), null, config.seed());
            List<Completion> completions = Generations.generate(runId, prompts, settings, version, replicas, control);
            List<ScoredCompletion> scores = score(runId, config, reward, completions, references, control);
            EvaluationResult result = summarize(dataset.description() + " split=heldOut", length, block, steps,
                    config.seed(), hardware(config), scores, completions, (System.nanoTime() - started) / 1_000_000);
            log.info("Evaluation finished runId={} version={} generationLength={} accuracy={} rewardMean={}"
                    + " unparseableCount={}", runId, version, length, result.accuracy(), result.rewardMean(),
                    result.unparseableCount());
            results.add(result);
        }
        return results;
    }

    /**
     * Builds the record of one greedy pass (temperature 0) from its scores and the completions they
     * score, in the same order. Accuracy, reward mean and NFE per sample are 0 when nothing was scored.
     */
    static EvaluationResult summarize(String dataset, int length, int block, int steps, long seed, String hardware,
            List<ScoredCompletion> scores, List<Completion> completions, long durationMillis) {
        int correct = 0;
        int unparseable = 0;
        double rewardSum = 0;
        double nfeSum = 0;
        for (int i = 0; i < scores.size(); i++) {
            ScoreOutcome outcome = scores.get(i).outcome();
            correct += outcome == ScoreOutcome.CORRECT ? 1 : 0;
            unparseable += outcome == ScoreOutcome.UNPARSEABLE ? 1 : 0;
            rewardSum += scores.get(i).reward();
            nfeSum += completions.get(i).nfe();
        }
        int count = scores.size();
        return new EvaluationResult(dataset, length, block, steps, 0.0, seed, hardware, count, correct, unparseable,
                count == 0 ? 0 : (double) correct / count, count == 0 ? 0 : rewardSum / count,
                count == 0 ? 0 : nfeSum / count, durationMillis);
    }

    private static List<ScoredCompletion> score(String runId, RunConfig config, RewardClient reward,
            List<Completion> completions, List<String> references, RunControl control) {
        List<String> texts = completions.stream().map(Completion::text).toList();
        while (true) {
            control.checkContinue();
            try {
                List<ScoredCompletion> scores = reward.score(config.task(), texts, references);
                control.running("evaluating");
                return scores;
            } catch (ServiceUnavailableException e) {
                log.warn("Scoring the evaluation failed; retrying runId={} error={}", runId, e.getMessage());
                control.waiting("reward service unreachable at " + reward.baseUrl() + " during evaluation; retrying");
                control.pause(java.time.Duration.ofSeconds(5));
            }
        }
    }

    /** Describes where the policy ran, for the evaluation record. */
    static String hardware(RunConfig config) {
        return "trainer device=" + config.model().device() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + "; generation on the rollout replicas";
    }
}
