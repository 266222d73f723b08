package org.stpplatform.trainer.sft;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The record of how a checkpoint was made and what it measured, written as {@code recipe.json}
 * next to the weights.
 *
 * @param command the command line that produced the checkpoint
 * @param settings every training setting, by name
 * @param parameterCount trainable parameters of the model
 * @param stepsDone optimizer steps completed (fewer than requested when the time budget ran out)
 * @param trainingSeconds wall-clock time from data generation to the last step, evaluations included
 * @param finalLoss mean training loss over the last logging window
 * @param finalMetrics held-out figures of the written weights, or null for an intermediate checkpoint
 * @param evaluations held-out figures measured during training
 * @param hardware processor, core count, operating system and Java version of the run
 * @param createdAt when the file was written
 */
public record SftRecipe(
        List<String> command,
        Map<String, Object> settings,
        long parameterCount,
        int stepsDone,
        double trainingSeconds,
        double finalLoss,
        Map<String, Object> finalMetrics,
        List<SftTrainer.EvaluationPoint> evaluations,
        Map<String, Object> hardware,
        String createdAt) {

    public static final String FILE_NAME = "recipe.json";

    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    static SftRecipe of(SftSettings settings, List<String> command, long parameterCount, int stepsDone,
            Duration elapsed, double finalLoss, CountdownEvaluator.Report report,
            List<SftTrainer.EvaluationPoint> evaluations) {
        return new SftRecipe(command, settingsMap(settings), parameterCount, stepsDone,
                elapsed.toMillis() / 1000.0, SftTrainer.round(finalLoss), metricsMap(report),
                List.copyOf(evaluations), describeHardware(), Instant.now().toString());
    }

    /** Writes this recipe as indented JSON. */
    public void write(Path file) throws IOException {
        Files.writeString(file, MAPPER.writeValueAsString(this) + "\n", StandardCharsets.UTF_8);
    }

    private static Map<String, Object> settingsMap(SftSettings settings) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("model", settings.modelName());
        map.put("initCheckpoint", settings.initCheckpoint() == null ? null : settings.initCheckpoint().toString());
        map.put("distribution", settings.distribution().name());
        map.put("numberCount", settings.distribution().numberCount());
        map.put("numbers", settings.distribution().numbers().toString());
        map.put("targets", settings.distribution().targets().toString());
        map.put("trainSize", settings.trainSize());
        map.put("flaw", settings.flaw().label());
        map.put("flawShare", settings.flawShare());
        map.put("steps", settings.steps());
        map.put("batchSize", settings.batchSize());
        map.put("learningRate", settings.learningRate());
        map.put("warmupSteps", settings.warmupSteps());
        map.put("minLearningRateRatio", settings.minLearningRateRatio());
        map.put("weightDecay", settings.weightDecay());
        map.put("gradientClipNorm", settings.gradientClipNorm());
        map.put("optimizer", "AdamW betas (0.9, 0.98) eps 1e-8, no decay on norm weights");
        map.put("generationLength", settings.generationLength());
        map.put("blockLength", settings.blockLength());
        map.put("decodingSteps", settings.decodingSteps());
        map.put("evalEvery", settings.evalEvery());
        map.put("evalSize", settings.evalSize());
        map.put("groupPrompts", settings.groupPrompts());
        map.put("groupSize", settings.groupSize());
        map.put("groupTemperature", settings.groupTemperature());
        map.put("maxMinutes", settings.maxMinutes());
        map.put("seed", settings.seed());
        return map;
    }

    private static Map<String, Object> metricsMap(CountdownEvaluator.Report report) {
        if (report == null) {
            return null;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("heldOutGreedyAccuracy", report.greedyAccuracy());
        map.put("heldOutGreedyPrompts", report.greedyCount());
        map.put("heldOutGreedyAnswerShare", report.greedyAnswerShare());
        map.put("heldOutSampledAccuracy", report.sampledAccuracy());
        map.put("heldOutSampledAnswerShare", report.sampledAnswerShare());
        map.put("heldOutMixedGroupShare", report.mixedGroupShare());
        map.put("groupPrompts", report.groupPromptCount());
        map.put("groupSize", report.groupSize());
        map.put("groupTemperature", report.temperature());
        map.put("greedyExample", report.example());
        return map;
    }

    /** Describes the machine from the JVM and, on Linux, the processor model in /proc/cpuinfo. */
    static Map<String, Object> describeHardware() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("cpu", cpuModel());
        map.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        map.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        map.put("java", System.getProperty("java.version"));
        map.put("intraOpThreads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
        map.put("accelerator", "none (CPU)");
        return map;
    }

    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return "unknown";
        }
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException | java.io.UncheckedIOException e) {
            return "unknown";
        }
    }
}
