package org.stpplatform.launcher;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The run configuration the demo posts to {@code POST /v1/runs}: the built-in Countdown model
 * from its base checkpoint with settings sized for a 2-core CPU.
 *
 * <p>The tiny model trains every weight, so its learning rate is far above the 3e-6 that the STP
 * paper (Liu et al., arXiv 2602.08905) uses for LoRA adapters on LLaDA-8B-Instruct. The completion length matches the base checkpoint's supervised training
 * (48 positions: the longest solver trace is 37 tokens plus EOS). Everything else not set here
 * (clip epsilon, estimator, spatial pruning with rho 0.95, early exit tau 0.95) is the trainer's
 * default for the chosen algorithm.
 */
final class DemoRunConfig {

    /** Completion positions, as in the base checkpoint's training. */
    static final int GENERATION_LENGTH = 48;
    static final int BLOCK_LENGTH = 16;
    static final int DENOISING_STEPS = 24;
    static final double TEMPERATURE = 0.9;
    /**
     * Fewest generated training instances. The trainer builds one spatial-pruning prior per
     * training prompt before the first step, so the demo generates only about as many prompts as
     * its steps use.
     */
    static final int MIN_TRAIN_SIZE = 16;
    static final int INNER_ITERATIONS = 2;
    static final double LEARNING_RATE = 1e-4;
    static final double KL_BETA = 0.04;
    static final int CHECKPOINT_INTERVAL = 5;

    private DemoRunConfig() {
    }

    /** Builds the configuration of one run of {@code algorithm} with {@code seed}, sized by {@code options}. */
    static ObjectNode build(DemoOptions options, String algorithm, long seed, String rewardUrl, String rolloutUrl) {
        ObjectNode config = TrainerClient.JSON.createObjectNode();
        config.put("name", "demo-" + algorithm + "-seed" + seed);
        config.put("task", "countdown");

        ObjectNode dataset = config.putObject("dataset");
        if (options.dataset() != null) {
            dataset.put("source", "file");
            dataset.put("trainPath", options.dataset().toAbsolutePath().toString());
        } else {
            dataset.put("source", "generated");
            dataset.put("trainSize", Math.max(MIN_TRAIN_SIZE, options.steps() * options.budget().promptsPerStep()));
            dataset.put("countdownDistribution", options.distribution());
        }
        dataset.put("evalSize", options.budget().evalSize());

        ObjectNode model = config.putObject("model");
        model.put("name", "countdown-tiny");
        model.put("device", "cpu");

        config.put("algorithm", algorithm);
        config.put("groupSize", options.budget().groupSize());
        config.put("promptsPerStep", options.budget().promptsPerStep());
        config.put("innerIterations", INNER_ITERATIONS);
        config.put("klBeta", KL_BETA);
        // Groups whose G rewards are all equal carry no policy gradient. Most groups here are all
        // wrong, so leaving them out makes the update about four times cheaper.
        config.put("zeroSpreadGroups", "skip");

        ObjectNode optimizer = config.putObject("optimizer");
        optimizer.put("learningRate", options.budget().learningRate());
        optimizer.put("weightDecay", 0.0);
        optimizer.put("gradientClipNorm", 1.0);

        ObjectNode generation = config.putObject("generation");
        generation.put("generationLength", GENERATION_LENGTH);
        generation.put("blockLength", BLOCK_LENGTH);
        generation.put("denoisingSteps", DENOISING_STEPS);
        generation.put("temperature", TEMPERATURE);

        config.put("steps", options.steps());
        ObjectNode evaluation = config.putObject("evaluation");
        evaluation.put("intervalSteps", options.budget().evalEvery());
        evaluation.putArray("generationLengths").add(GENERATION_LENGTH);
        evaluation.put("blockLength", BLOCK_LENGTH);
        evaluation.put("beforeTraining", true);

        config.put("seed", seed);
        ObjectNode rollout = config.putObject("rollout");
        rollout.put("mode", "sync");
        ArrayNode endpoints = rollout.putArray("endpoints");
        endpoints.add(rolloutUrl);
        config.put("rewardServiceUrl", rewardUrl);

        ObjectNode checkpoint = config.putObject("checkpoint");
        checkpoint.put("intervalSteps", CHECKPOINT_INTERVAL);
        checkpoint.put("retention", 2);
        options.overrides().forEach((path, value) -> set(config, path, value));
        return config;
    }

    /** Sets the field at dotted {@code path}, creating objects on the way, to {@code value} as JSON or text. */
    static void set(ObjectNode config, String path, String value) {
        String[] parts = path.split("\\.");
        ObjectNode node = config;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || !child.isObject()) {
                child = node.putObject(parts[i]);
            }
            node = (ObjectNode) child;
        }
        JsonNode parsed;
        try {
            parsed = TrainerClient.JSON.readTree(value);
        } catch (JacksonException notJson) {
            parsed = null;
        }
        if (parsed == null || parsed.isMissingNode()) {
            parsed = TrainerClient.JSON.getNodeFactory().stringNode(value);
        }
        node.set(parts[parts.length - 1], parsed);
    }
}
