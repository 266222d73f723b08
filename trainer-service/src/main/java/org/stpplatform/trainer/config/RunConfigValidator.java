package org.stpplatform.trainer.config;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.stpplatform.common.api.TaskName;
import org.stpplatform.common.web.ApiException;
import org.stpplatform.common.web.FieldViolation;
import org.stpplatform.common.web.ProblemTypes;
import org.springframework.http.HttpStatus;
import java.util.Map;
import org.stpplatform.engine.model.LoraConfig;
import org.stpplatform.trainer.config.RunConfig.CheckpointPolicy;
import org.stpplatform.trainer.dataset.countdown.CountdownDistribution;
import org.stpplatform.trainer.config.RunConfig.DatasetConfig;
import org.stpplatform.trainer.config.RunConfig.EvaluationConfig;
import org.stpplatform.trainer.config.RunConfig.GenerationConfig;
import org.stpplatform.trainer.config.RunConfig.LoraSpec;
import org.stpplatform.trainer.config.RunConfig.ModelSpec;
import org.stpplatform.trainer.config.RunConfig.OptimizerConfig;
import org.stpplatform.trainer.config.RunConfig.RolloutConfig;

/**
 * Checks a run configuration (with defaults applied) before any compute is spent, and collects
 * every invalid field instead of stopping at the first.
 */
public final class RunConfigValidator {

    static final int MAX_GROUP_SIZE = 256;
    static final int MAX_PROMPTS_PER_STEP = 4096;
    static final int MAX_INNER_ITERATIONS = 64;
    static final int MAX_ESTIMATOR_SAMPLES = 64;
    static final int MAX_STEPS = 1_000_000;
    static final int MAX_NAME_LENGTH = 200;
    private static final Set<String> DEVICES = Set.of("cpu", "gpu", "auto");
    private static final Pattern HOST_NAME =
            Pattern.compile("^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?$");

    private final ModelCatalog models;
    private final List<FieldViolation> problems = new ArrayList<>();

    private RunConfigValidator(ModelCatalog models) {
        this.models = models;
    }

    /**
     * Validates a configuration whose defaults are applied.
     *
     * @return the invalid fields, empty when the configuration is valid
     */
    public static List<FieldViolation> validate(RunConfig config, ModelCatalog models) {
        RunConfigValidator validator = new RunConfigValidator(models);
        validator.check(config);
        return List.copyOf(validator.problems);
    }

    /** Validates and throws a 400 validation problem that lists every invalid field. */
    public static void requireValid(RunConfig config, ModelCatalog models) {
        List<FieldViolation> found = validate(config, models);
        if (!found.isEmpty()) {
            String fields = String.join(", ", found.stream().map(FieldViolation::field).distinct().toList());
            throw new ApiException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid run configuration",
                    "Invalid run configuration: check " + fields + ".", found, Map.of());
        }
    }

    private void check(RunConfig config) {
        if (config.name() != null && config.name().length() > MAX_NAME_LENGTH) {
            reject("name", "must be at most " + MAX_NAME_LENGTH + " characters, got " + config.name().length());
        }
        if (config.task() == null) {
            reject("task", "is required: one of " + TaskName.supportedNames());
        }
        checkDataset(config.dataset(), config.task());
        OptionalInt maxLength = checkModel(config.model(), config.task());
        checkAlgorithm(config);
        checkGroup(config);
        checkOptimizer(config.optimizer());
        checkLora(config.lora());
        checkGeneration("generation", config.generation(), maxLength);
        if (config.steps() == null) {
            reject("steps", "is required: the number of RL steps, at least 1");
        } else {
            range("steps", config.steps(), 1, MAX_STEPS);
        }
        checkEvaluation(config.evaluation(), maxLength);
        checkRollout(config.rollout());
        checkUrl("rewardServiceUrl", config.rewardServiceUrl());
        checkCheckpoint(config.checkpoint());
    }

    private void checkDataset(DatasetConfig dataset, TaskName task) {
        if (dataset.source() == DatasetSource.GENERATED) {
            if (task != null && task != TaskName.COUNTDOWN) {
                reject("dataset.source", "generated datasets exist only for countdown; give source 'file' "
                        + "and a trainPath for " + task.wireName());
            }
            if (dataset.trainPath() != null) {
                reject("dataset.trainPath", "must be omitted for source 'generated', or set source to 'file'");
            }
        } else {
            if (dataset.trainPath() == null) {
                reject("dataset.trainPath", "is required for source 'file': the path of a JSON Lines file");
            } else {
                checkReadableFile("dataset.trainPath", dataset.trainPath());
            }
        }
        if (dataset.evalPath() != null) {
            checkReadableFile("dataset.evalPath", dataset.evalPath());
        }
        range("dataset.trainSize", dataset.trainSize(), 1, 10_000_000);
        range("dataset.evalSize", dataset.evalSize(), 1, 1_000_000);
        if (dataset.systemPrompt() != null && dataset.systemPrompt().length() > 20_000) {
            reject("dataset.systemPrompt", "must be at most 20000 characters");
        }
        if (dataset.countdownDistribution() != null) {
            if (task != TaskName.COUNTDOWN || dataset.source() != DatasetSource.GENERATED) {
                reject("dataset.countdownDistribution", "applies only to generated countdown datasets; remove it");
            } else {
                try {
                    CountdownDistribution.parse(dataset.countdownDistribution());
                } catch (IllegalArgumentException e) {
                    reject("dataset.countdownDistribution", e.getMessage());
                }
            }
        }
    }

    private OptionalInt checkModel(ModelSpec model, TaskName task) {
        if (model.name() == null) {
            reject("model.name", "is required for task " + (task == null ? "?" : task.wireName())
                    + ": one of " + String.join(", ", models.names()));
            return OptionalInt.empty();
        }
        if (!models.names().contains(model.name())) {
            reject("model.name", "unknown model '" + model.name() + "', expected one of "
                    + String.join(", ", models.names()));
            return OptionalInt.empty();
        }
        if (ModelCatalog.CUSTOM.equals(model.name()) && model.checkpoint() == null) {
            reject("model.checkpoint", "is required for model 'custom': a safetensors file or checkpoint directory");
        }
        if (model.checkpoint() != null) {
            checkExistingPath("model.checkpoint", model.checkpoint());
        }
        if (model.tokenizer() == null) {
            if (!models.hasBuiltinTokenizer(model.name())) {
                reject("model.tokenizer", "is required for model '" + model.name()
                        + "': the path of a Hugging Face tokenizer.json");
            }
        } else {
            checkReadableFile("model.tokenizer", model.tokenizer());
        }
        if (!DEVICES.contains(model.device().toLowerCase(Locale.ROOT))) {
            reject("model.device", "unknown device '" + model.device() + "', expected one of cpu, gpu, auto");
        }
        return models.maxSequenceLength(model.name());
    }

    private void checkAlgorithm(RunConfig config) {
        range("estimatorSamples", config.estimatorSamples(), 1, MAX_ESTIMATOR_SAMPLES);
        if (config.estimator() == EstimatorName.ONE_STEP && config.estimatorSamples() != null
                && config.estimatorSamples() != 1) {
            reject("estimatorSamples", "must be 1 for the one_step estimator, got " + config.estimatorSamples());
        }
        if (config.spatialPruningEnabled()) {
            Double rho = config.spatialPruning().rho();
            if (rho == null || !(rho > 0 && rho <= 1)) {
                reject("spatialPruning.rho", "must be in (0, 1] (0.95 for GSM8K and Countdown, 0.85 for MATH), got "
                        + rho);
            }
            if (config.estimator() == EstimatorName.ONE_STEP) {
                reject("spatialPruning.strategy", "the one_step estimator masks the whole completion and cannot "
                        + "use anchors; set strategy 'off' or choose the stp or elbo estimator");
            }
        }
        Double tau = config.earlyExitTau();
        if (tau != null && !(tau >= 0 && tau <= 1)) {
            reject("earlyExitTau", "must be in (0, 1], or 0 to turn early exit off, got " + tau);
        }
    }

    private void checkGroup(RunConfig config) {
        range("groupSize", config.groupSize(), 2, MAX_GROUP_SIZE);
        range("promptsPerStep", config.promptsPerStep(), 1, MAX_PROMPTS_PER_STEP);
        range("innerIterations", config.innerIterations(), 1, MAX_INNER_ITERATIONS);
        if (config.clipEpsilon() == null || !(config.clipEpsilon() > 0 && config.clipEpsilon() < 1)) {
            reject("clipEpsilon", "must be in (0, 1) (0.2 in STP, 0.5 in diffu-GRPO), got " + config.clipEpsilon());
        }
        nonNegative("klBeta", config.klBeta());
    }

    private void checkOptimizer(OptimizerConfig optimizer) {
        openClosed("optimizer.learningRate", optimizer.learningRate(), 0, 1);
        closedOpen("optimizer.beta1", optimizer.beta1(), 0, 1);
        closedOpen("optimizer.beta2", optimizer.beta2(), 0, 1);
        openClosed("optimizer.epsilon", optimizer.epsilon(), 0, 1);
        nonNegative("optimizer.weightDecay", optimizer.weightDecay());
        nonNegative("optimizer.gradientClipNorm", optimizer.gradientClipNorm());
    }

    private void checkLora(LoraSpec lora) {
        if (lora == null) {
            return;
        }
        if (lora.rank() == null) {
            reject("lora.rank", "is required when lora is given: a positive adapter rank such as 128");
        } else {
            range("lora.rank", lora.rank(), 1, 65_536);
        }
        if (lora.alpha() == null || !(lora.alpha() > 0)) {
            reject("lora.alpha", "must be positive (the update is scaled by alpha / rank), got " + lora.alpha());
        }
        if (lora.dropout() != null) {
            closedOpen("lora.dropout", lora.dropout(), 0, 1);
        }
        if (lora.targets() == null || lora.targets().isEmpty()) {
            reject("lora.targets", "must name at least one projection, e.g. [\"q_proj\", \"k_proj\", \"v_proj\"]");
        } else {
            for (int i = 0; i < lora.targets().size(); i++) {
                String target = lora.targets().get(i);
                if (!LoraConfig.SUPPORTED_TARGETS.contains(target)) {
                    reject("lora.targets[" + i + "]", "unknown projection '" + target + "', expected one of "
                            + String.join(", ", LoraConfig.SUPPORTED_TARGETS));
                }
            }
        }
    }

    private void checkGeneration(String prefix, GenerationConfig generation, OptionalInt maxLength) {
        Integer length = generation.generationLength();
        Integer block = generation.blockLength();
        Integer steps = generation.denoisingSteps();
        boolean lengthValid = range(prefix + ".generationLength", length, 1, 1_000_000);
        if (lengthValid && maxLength.isPresent() && length >= maxLength.getAsInt()) {
            reject(prefix + ".generationLength", "must leave room for the prompt within the model's "
                    + maxLength.getAsInt() + " positions, got " + length);
        }
        boolean blockValid = range(prefix + ".blockLength", block, 1, 1_000_000);
        if (lengthValid && blockValid && length % block != 0) {
            reject(prefix + ".blockLength", "must divide generationLength " + length + ", got " + block);
        } else if (lengthValid && blockValid) {
            int blocks = length / block;
            if (range(prefix + ".denoisingSteps", steps, 1, length) && steps % blocks != 0) {
                reject(prefix + ".denoisingSteps", "must be a multiple of the block count " + blocks
                        + " (generationLength / blockLength), got " + steps);
            }
        }
        nonNegative(prefix + ".temperature", generation.temperature());
    }

    private void checkEvaluation(EvaluationConfig evaluation, OptionalInt maxLength) {
        range("evaluation.intervalSteps", evaluation.intervalSteps(), 0, MAX_STEPS);
        boolean blockValid = range("evaluation.blockLength", evaluation.blockLength(), 1, 1_000_000);
        List<Integer> lengths = evaluation.generationLengths();
        if (lengths.isEmpty()) {
            reject("evaluation.generationLengths", "must list at least one completion length, e.g. [256]");
        }
        for (int i = 0; i < lengths.size(); i++) {
            String field = "evaluation.generationLengths[" + i + "]";
            Integer length = lengths.get(i);
            if (!range(field, length, 2, 1_000_000)) {
                continue;
            }
            if (maxLength.isPresent() && length >= maxLength.getAsInt()) {
                reject(field, "must leave room for the prompt within the model's "
                        + maxLength.getAsInt() + " positions, got " + length);
            }
            int block = blockValid ? Math.min(evaluation.blockLength(), length) : length;
            if (length % block != 0) {
                reject(field, "must be a multiple of evaluation.blockLength " + block + ", got " + length);
            } else if (blockValid && (length / 2) % (length / block) != 0) {
                reject(field, "length / 2 denoising steps must be a multiple of the block count "
                        + length / block + "; use a length that is a multiple of 2 * blockLength");
            }
        }
    }

    private void checkRollout(RolloutConfig rollout) {
        range("rollout.maxStaleness", rollout.maxStaleness(), 0, 1000);
        if (rollout.mode() == RolloutMode.ASYNC && rollout.maxStaleness() != null && rollout.maxStaleness() < 1) {
            reject("rollout.maxStaleness", "must be at least 1 in async mode (0 is sync mode), got "
                    + rollout.maxStaleness());
        }
        boolean hasEndpoints = rollout.endpoints() != null && !rollout.endpoints().isEmpty();
        boolean hasDiscovery = rollout.discoveryDnsName() != null;
        if (hasEndpoints && hasDiscovery) {
            reject("rollout.discoveryDnsName", "give either endpoints or discoveryDnsName, not both");
        } else if (!hasEndpoints && !hasDiscovery) {
            reject("rollout.endpoints", "must list at least one rollout replica URL, or give discoveryDnsName");
        }
        if (rollout.endpoints() != null) {
            for (int i = 0; i < rollout.endpoints().size(); i++) {
                checkUrl("rollout.endpoints[" + i + "]", rollout.endpoints().get(i));
            }
        }
        if (hasDiscovery) {
            String host = rollout.discoveryDnsName();
            if (!HOST_NAME.matcher(IDN.toASCII(host, IDN.ALLOW_UNASSIGNED)).matches()) {
                reject("rollout.discoveryDnsName", "is not a valid DNS host name: '" + host + "'");
            }
            range("rollout.discoveryPort", rollout.discoveryPort(), 1, 65_535);
        }
        range("rollout.jobTimeoutSeconds", rollout.jobTimeoutSeconds(), 1, 86_400);
    }

    private void checkCheckpoint(CheckpointPolicy checkpoint) {
        range("checkpoint.intervalSteps", checkpoint.intervalSteps(), 1, MAX_STEPS);
        range("checkpoint.retention", checkpoint.retention(), 1, 10_000);
    }

    private void checkUrl(String field, String value) {
        if (value == null || value.isBlank()) {
            reject(field, "is required: an http or https base URL such as http://127.0.0.1:8081");
            return;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                reject(field, "must be an absolute http or https URL with a host, got '" + value + "'");
            } else if (uri.getQuery() != null || uri.getFragment() != null) {
                reject(field, "must be a base URL without query or fragment, got '" + value + "'");
            }
        } catch (URISyntaxException e) {
            reject(field, "is not a valid URL: '" + value + "'");
        }
    }

    private void checkReadableFile(String field, String value) {
        Path path = toPath(field, value);
        if (path != null && !(Files.isRegularFile(path) && Files.isReadable(path))) {
            reject(field, "no readable file at '" + value + "'; give a path on the trainer's file system");
        }
    }

    private void checkExistingPath(String field, String value) {
        Path path = toPath(field, value);
        if (path != null && !Files.exists(path)) {
            reject(field, "nothing exists at '" + value + "'; give a safetensors file or checkpoint directory");
        }
    }

    private Path toPath(String field, String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            reject(field, "is not a valid path: '" + value + "'");
            return null;
        }
    }

    private boolean range(String field, Integer value, long min, long max) {
        if (value == null) {
            reject(field, "is required: an integer in [" + min + ", " + max + "]");
            return false;
        }
        if (value < min || value > max) {
            reject(field, "must be in [" + min + ", " + max + "], got " + value);
            return false;
        }
        return true;
    }

    private void openClosed(String field, Double value, double min, double max) {
        if (value == null || !(value > min && value <= max)) {
            reject(field, "must be in (" + min + ", " + max + "], got " + value);
        }
    }

    private void closedOpen(String field, Double value, double min, double max) {
        if (value == null || !(value >= min && value < max)) {
            reject(field, "must be in [" + min + ", " + max + "), got " + value);
        }
    }

    private void nonNegative(String field, Double value) {
        if (value == null || !(value >= 0) || value.isInfinite()) {
            reject(field, "must be a finite number of at least 0, got " + value);
        }
    }

    private void reject(String field, String message) {
        problems.add(new FieldViolation(field, message));
    }
}
