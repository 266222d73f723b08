package org.stpplatform.trainer.sft;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.stpplatform.engine.model.DiffusionModel;
import org.stpplatform.engine.sampling.DecodingSettings;
import org.stpplatform.engine.sampling.DiffusionSampler;
import org.stpplatform.engine.sampling.Generation;
import org.stpplatform.engine.sampling.Remasking;
import org.stpplatform.engine.tokenizer.TextTokenizer;
import org.stpplatform.trainer.dataset.countdown.CountdownAnswerChecker;
import org.stpplatform.trainer.dataset.countdown.CountdownInstance;

/**
 * Held-out evaluation of a Countdown model in-process: greedy accuracy, and how many prompts get
 * a sampled group that mixes correct and wrong completions (the groups that give GRPO a signal).
 */
final class CountdownEvaluator {

    /** Prompts decoded per sampler call; bounds the memory of one batch. */
    private static final int PROMPTS_PER_BATCH = 64;

    private final DiffusionModel model;
    private final TextTokenizer tokenizer;
    private final DecodingShape shape;

    /**
     * Block layout of the decoding.
     *
     * @param generationLength N
     * @param blockLength positions per block
     * @param steps denoising steps over all blocks
     */
    record DecodingShape(int generationLength, int blockLength, int steps) {
    }

    /**
     * Results of one evaluation.
     *
     * @param greedyAccuracy share of held-out prompts solved by greedy decoding (T = 0)
     * @param greedyCount prompts decoded greedily
     * @param greedyAnswerShare share of greedy completions with a closed answer block
     * @param sampledAccuracy share of correct completions among the sampled ones
     * @param sampledAnswerShare share of sampled completions with a closed answer block
     * @param mixedGroupShare share of sampled prompts whose group has both correct and wrong completions
     * @param groupPromptCount prompts sampled in groups
     * @param groupSize G
     * @param temperature sampling temperature of the groups
     * @param example one greedy completion, for the log
     */
    record Report(double greedyAccuracy, int greedyCount, double greedyAnswerShare, double sampledAccuracy,
            double sampledAnswerShare, double mixedGroupShare,
            int groupPromptCount, int groupSize, double temperature, String example) {
    }

    CountdownEvaluator(DiffusionModel model, TextTokenizer tokenizer, DecodingShape shape) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.shape = shape;
    }

    /** Decodes each instance greedily and returns the share of correct answers and one example. */
    GreedyResult greedy(List<CountdownInstance> instances, long seed) {
        DecodingSettings settings = settings(0.0, seed);
        int correct = 0;
        int answered = 0;
        String example = "";
        for (int start = 0; start < instances.size(); start += PROMPTS_PER_BATCH) {
            List<CountdownInstance> chunk = instances.subList(start, Math.min(instances.size(), start + PROMPTS_PER_BATCH));
            List<String> texts = decode(prompts(chunk, 1), settings);
            for (int i = 0; i < chunk.size(); i++) {
                if (CountdownAnswerChecker.isCorrect(chunk.get(i), texts.get(i))) {
                    correct++;
                }
                if (CountdownAnswerChecker.lastAnswer(texts.get(i)) != null) {
                    answered++;
                }
            }
            if (start == 0 && !texts.isEmpty()) {
                example = chunk.get(0).compactPrompt() + " -> " + texts.get(0);
            }
        }
        double accuracy = instances.isEmpty() ? 0.0 : (double) correct / instances.size();
        double answerShare = instances.isEmpty() ? 0.0 : (double) answered / instances.size();
        return new GreedyResult(accuracy, instances.size(), answerShare, example);
    }

    /**
     * Greedy result.
     *
     * @param accuracy share of correct answers
     * @param count instances decoded
     * @param answerShare share of completions with a closed answer block
     * @param example the first prompt and its completion
     */
    record GreedyResult(double accuracy, int count, double answerShare, String example) {
    }

    /** Samples {@code groupSize} completions per instance at {@code temperature}. */
    GroupResult groups(List<CountdownInstance> instances, int groupSize, double temperature, long seed) {
        int promptsPerCall = Math.max(1, PROMPTS_PER_BATCH / groupSize);
        int mixed = 0;
        int correct = 0;
        int answered = 0;
        for (int start = 0; start < instances.size(); start += promptsPerCall) {
            List<CountdownInstance> chunk = instances.subList(start, Math.min(instances.size(), start + promptsPerCall));
            List<String> texts = decode(prompts(chunk, groupSize), settings(temperature, seed + start));
            for (int p = 0; p < chunk.size(); p++) {
                int groupCorrect = 0;
                for (int g = 0; g < groupSize; g++) {
                    String text = texts.get(p * groupSize + g);
                    if (CountdownAnswerChecker.isCorrect(chunk.get(p), text)) {
                        groupCorrect++;
                    }
                    if (CountdownAnswerChecker.lastAnswer(text) != null) {
                        answered++;
                    }
                }
                correct += groupCorrect;
                if (groupCorrect > 0 && groupCorrect < groupSize) {
                    mixed++;
                }
            }
        }
        int prompts = instances.size();
        return new GroupResult(
                prompts == 0 ? 0.0 : (double) correct / (prompts * groupSize),
                prompts == 0 ? 0.0 : (double) mixed / prompts,
                prompts == 0 ? 0.0 : (double) answered / (prompts * groupSize),
                prompts);
    }

    /**
     * Sampled-group result.
     *
     * @param sampledAccuracy share of correct completions
     * @param mixedShare share of prompts whose group mixes correct and wrong completions
     * @param answerShare share of completions with a closed answer block
     * @param promptCount prompts sampled
     */
    record GroupResult(double sampledAccuracy, double mixedShare, double answerShare, int promptCount) {
    }

    Report evaluate(List<CountdownInstance> greedyInstances, List<CountdownInstance> groupInstances,
            int groupSize, double temperature, long seed) {
        GreedyResult greedy = greedy(greedyInstances, seed);
        GroupResult groups = groups(groupInstances, groupSize, temperature, seed);
        return new Report(greedy.accuracy(), greedy.count(), greedy.answerShare(), groups.sampledAccuracy(),
                groups.answerShare(), groups.mixedShare(),
                groups.promptCount(), groupSize, temperature, greedy.example());
    }

    /** Encodes each instance's compact prompt, repeated {@code copies} times in a row. */
    private List<int[]> prompts(List<CountdownInstance> instances, int copies) {
        List<int[]> prompts = new ArrayList<>(instances.size() * copies);
        for (CountdownInstance instance : instances) {
            int[] ids = CountdownPrompts.encode(tokenizer, instance);
            for (int c = 0; c < copies; c++) {
                prompts.add(ids);
            }
        }
        return prompts;
    }

    /** Decodes completions to text, cut after the first EOS. */
    private List<String> decode(List<int[]> prompts, DecodingSettings settings) {
        List<Generation> generations = new DiffusionSampler(model).generate(prompts, null, settings);
        List<String> texts = new ArrayList<>(generations.size());
        for (Generation generation : generations) {
            int length = Generation.completionLength(generation.tokens(), tokenizer.eosTokenId());
            texts.add(tokenizer.decode(Arrays.copyOf(generation.tokens(), length)));
        }
        return texts;
    }

    private DecodingSettings settings(double temperature, long seed) {
        return new DecodingSettings(shape.generationLength(), shape.blockLength(), shape.steps(), temperature,
                Remasking.LOW_CONFIDENCE, 0.0, seed);
    }
}
