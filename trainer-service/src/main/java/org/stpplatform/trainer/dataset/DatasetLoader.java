package org.stpplatform.trainer.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.stpplatform.common.api.TaskName;
import org.stpplatform.trainer.config.DatasetSource;
import org.stpplatform.trainer.config.RunConfig;
import org.stpplatform.trainer.config.RunConfig.DatasetConfig;
import org.stpplatform.trainer.dataset.countdown.CountdownDistribution;
import org.stpplatform.trainer.dataset.countdown.CountdownGenerator;
import org.stpplatform.trainer.dataset.countdown.CountdownInstance;
import org.stpplatform.trainer.dataset.countdown.HeldOutSplit;
import org.stpplatform.trainer.dataset.countdown.SolvedInstance;

/** Loads the training and held-out prompts of a run from its dataset configuration. */
public final class DatasetLoader {

    private DatasetLoader() {
    }

    /**
     * Loads a run's dataset.
     *
     * <p>NOTE: files are read from the trainer's file system only; an http(s) URL is not fetched.
     *
     * @param compactCountdownPrompts true for the built-in task models, which are trained on the
     *     compact question form ({@code nums 44 19 3 target 75}); false for chat models, which get
     *     the natural-language wording
     * @throws IOException when a file cannot be read
     * @throws IllegalArgumentException when a file contains an invalid record or too few examples
     */
    public static TaskDataset load(RunConfig config, boolean compactCountdownPrompts) throws IOException {
        DatasetConfig dataset = config.dataset();
        TaskName task = config.task();
        Function<CountdownInstance, String> question = compactCountdownPrompts
                ? CountdownInstance::compactPrompt : CountdownInstance::naturalPrompt;
        if (dataset.source() == DatasetSource.GENERATED) {
            return generatedCountdown(dataset, config.seed(), question);
        }
        Path trainPath = Path.of(dataset.trainPath());
        List<TaskExample> all = JsonlTaskReader.read(trainPath, task, "train-", question);
        List<TaskExample> training;
        List<TaskExample> heldOut;
        String heldOutSource;
        if (dataset.evalPath() != null) {
            training = first(all, dataset.trainSize());
            heldOut = first(JsonlTaskReader.read(Path.of(dataset.evalPath()), task, "eval-", question),
                    dataset.evalSize());
            heldOutSource = "eval=" + dataset.evalPath();
        } else {
            if (all.size() <= dataset.evalSize()) {
                throw new IllegalArgumentException(trainPath + " has " + all.size() + " examples, too few to hold out "
                        + dataset.evalSize() + "; give dataset.evalPath or a smaller dataset.evalSize");
            }
            int split = all.size() - dataset.evalSize();
            training = first(all.subList(0, split), dataset.trainSize());
            heldOut = all.subList(split, all.size());
            heldOutSource = "eval=last " + dataset.evalSize() + " lines";
        }
        if (training.isEmpty()) {
            throw new IllegalArgumentException(trainPath + " has no training examples");
        }
        String description = task.wireName() + " file=" + trainPath + " train=" + training.size() + " "
                + heldOutSource + " heldOut=" + heldOut.size() + (compactCountdownPrompts ? " compact" : "");
        return new TaskDataset(description, training, heldOut);
    }

    private static TaskDataset generatedCountdown(DatasetConfig dataset, long seed,
            Function<CountdownInstance, String> question) {
        CountdownDistribution distribution = CountdownDistribution.parse(dataset.countdownDistribution());
        CountdownGenerator generator = new CountdownGenerator(distribution, HeldOutSplit.DEFAULT);
        List<TaskExample> training = toExamples(generator.training(dataset.trainSize(), seed), "train-", question);
        // The held-out draw has its own seed; the split itself keeps the two sets disjoint.
        long evalSeed = dataset.evalSeed() != null ? dataset.evalSeed() : RunConfig.DEFAULT_EVAL_SEED;
        List<TaskExample> heldOut = toExamples(generator.heldOut(dataset.evalSize(), evalSeed), "eval-", question);
        String description = "countdown generated distribution=" + distribution.name() + " seed=" + seed
                + " train=" + training.size() + " evalSeed=" + evalSeed + " heldOut=" + heldOut.size();
        return new TaskDataset(description, training, heldOut);
    }

    private static List<TaskExample> toExamples(List<SolvedInstance> instances, String idPrefix,
            Function<CountdownInstance, String> question) {
        List<TaskExample> examples = new ArrayList<>(instances.size());
        for (int i = 0; i < instances.size(); i++) {
            CountdownInstance instance = instances.get(i).instance();
            examples.add(new TaskExample(idPrefix + i, question.apply(instance), instance.referenceJson()));
        }
        return examples;
    }

    private static List<TaskExample> first(List<TaskExample> examples, int count) {
        return List.copyOf(examples.subList(0, Math.min(count, examples.size())));
    }
}
