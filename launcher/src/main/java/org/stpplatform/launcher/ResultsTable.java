package org.stpplatform.launcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import tools.jackson.databind.JsonNode;

/**
 * Text tables of the demo's results: before-and-after for one run, or one row per run (algorithm
 * and seed) for several, followed by one row per algorithm across seeds when more than one seed ran.
 */
final class ResultsTable {

    /** Steps averaged for the "first" and "last" training reward, which is noisy per step. */
    static final int REWARD_WINDOW = 5;

    private ResultsTable() {
    }

    private static final ToDoubleFunction<JsonNode> TRAINING_REWARD = step -> step.path("rewardMean").asDouble();
    private static final ToDoubleFunction<JsonNode> TRAINING_ACCURACY = step -> step.path("accuracy").asDouble();

    /**
     * Renders the tables for {@code runs}: before-and-after for one run, side by side for several,
     * and the across-seeds table after the side-by-side one when the runs have more than one seed.
     */
    static String render(List<RunRecord> runs) {
        if (runs.size() == 1) {
            return single(runs.get(0));
        }
        String table = compare(runs);
        if (seedCount(runs) > 1) {
            table += "\n" + acrossSeeds(runs);
        }
        return table;
    }

    static String single(RunRecord run) {
        JsonNode base = run.firstEvaluation();
        JsonNode last = run.lastEvaluation();
        int windowSteps = rewardWindow(List.of(run));
        String window = stepCount(windowSteps);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"metric", "start", "end"});
        rows.add(new String[] {"held-out greedy accuracy (step)",
            evaluationText(base, "accuracy"), evaluationText(last, "accuracy")});
        rows.add(new String[] {"held-out greedy reward mean",
            evaluationText(base, "rewardMean"), evaluationText(last, "rewardMean")});
        rows.add(new String[] {"held-out unparseable share", unparseableShareText(base), unparseableShareText(last)});
        rows.add(new String[] {"training reward mean (first/last " + window + ")",
            format(run.meanOfSteps(TRAINING_REWARD, windowSteps, false), "%.3f"),
            format(run.meanOfSteps(TRAINING_REWARD, windowSteps, true), "%.3f")});
        rows.add(new String[] {"training accuracy (first/last " + window + ")",
            format(run.meanOfSteps(TRAINING_ACCURACY, windowSteps, false), "%.3f"),
            format(run.meanOfSteps(TRAINING_ACCURACY, windowSteps, true), "%.3f")});
        rows.add(new String[] {"estimator variance (mean over steps)", "", format(run.meanOfSteps("estimatorVariance"), "%.3e")});
        OptionalDouble unprunedVariance = run.meanOfSteps("unprunedEstimatorVariance");
        if (unprunedVariance.isPresent()) {
            rows.add(new String[] {"unpruned estimator variance (mean over steps)", "",
                format(unprunedVariance, "%.3e")});
        }
        rows.add(new String[] {"NFE per sample (mean)", "", format(run.meanOfSteps("nfePerSample"), "%.1f")});
        rows.add(new String[] {"time per step, s (rollout/scoring/update/push)", "", stepSplit(run)});
        rows.add(new String[] {"steps completed / wall time, s", "",
            run.steps().size() + " / " + String.format(Locale.ROOT, "%.0f", run.wallSeconds())});
        return "Run " + run.runId() + " (" + run.algorithm() + ", " + run.state() + ")\n" + layout(rows);
    }

    static String compare(List<RunRecord> runs) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"algorithm", "seed", "start acc", "final acc", "final reward", "est var (mean)",
            "NFE/sample", "s/step", "state"});
        for (RunRecord run : runs) {
            rows.add(new String[] {
                run.algorithm(),
                Long.toString(run.seed()),
                evaluationValue(run.firstEvaluation(), "accuracy"),
                evaluationValue(run.lastEvaluation(), "accuracy"),
                evaluationValue(run.lastEvaluation(), "rewardMean"),
                format(run.meanOfSteps("estimatorVariance"), "%.3e"),
                format(run.meanOfSteps("nfePerSample"), "%.1f"),
                format(run.meanStepSeconds(), "%.1f"),
                run.state()});
        }
        return layout(rows);
    }

    /**
     * Renders three rows per algorithm over its runs (one per seed): held-out greedy accuracy and
     * held-out greedy reward mean, from each run's first and last evaluation, and the training
     * reward averaged over each run's first and last {@link #rewardWindow} steps. Start and final
     * are means over the runs that have the value, spread is max - min of the final values, and
     * gain is mean final - mean start.
     */
    static String acrossSeeds(List<RunRecord> runs) {
        Map<String, List<RunRecord>> byAlgorithm = new LinkedHashMap<>();
        for (RunRecord run : runs) {
            byAlgorithm.computeIfAbsent(run.algorithm(), algorithm -> new ArrayList<>()).add(run);
        }
        int windowSteps = rewardWindow(runs);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"algorithm", "seeds", "metric", "start", "final (min..max)", "final spread", "gain"});
        for (Map.Entry<String, List<RunRecord>> entry : byAlgorithm.entrySet()) {
            List<RunRecord> algorithmRuns = entry.getValue();
            String seeds = Long.toString(seedCount(algorithmRuns));
            rows.add(metricRow(entry.getKey(), seeds, "held-out greedy accuracy",
                    SeedStatistics.of(algorithmRuns, run -> evaluationNumber(run.firstEvaluation(), "accuracy")),
                    SeedStatistics.of(algorithmRuns, run -> evaluationNumber(run.lastEvaluation(), "accuracy"))));
            rows.add(metricRow(entry.getKey(), seeds, "held-out greedy reward mean",
                    SeedStatistics.of(algorithmRuns, run -> evaluationNumber(run.firstEvaluation(), "rewardMean")),
                    SeedStatistics.of(algorithmRuns, run -> evaluationNumber(run.lastEvaluation(), "rewardMean"))));
            rows.add(metricRow(entry.getKey(), seeds, "training reward (first/last " + stepCount(windowSteps) + ")",
                    SeedStatistics.of(algorithmRuns, run -> run.meanOfSteps(TRAINING_REWARD, windowSteps, false)),
                    SeedStatistics.of(algorithmRuns, run -> run.meanOfSteps(TRAINING_REWARD, windowSteps, true))));
        }
        String title = "Across seeds: means over seeds. Final spread is max - min of the final values,"
                + " gain is final - start.\n";
        long notCompleted = runs.stream().filter(run -> !run.state().equals("completed")).count();
        String note = notCompleted == 0 ? ""
                : "note: " + notCompleted + " of " + runs.size() + " runs did not complete; their last evaluation"
                        + " counts as final\n";
        return title + layout(rows) + note;
    }

    private static String[] metricRow(String algorithm, String seeds, String metric, SeedStatistics start,
            SeedStatistics end) {
        OptionalDouble gain = start.mean().isPresent() && end.mean().isPresent()
                ? OptionalDouble.of(end.mean().getAsDouble() - start.mean().getAsDouble())
                : OptionalDouble.empty();
        return new String[] {
            algorithm,
            seeds,
            metric,
            format(start.mean(), "%.3f"),
            meanWithRange(end),
            format(end.spread(), "%.3f"),
            format(gain, "%+.3f")};
    }

    /** Returns the number of distinct seeds among {@code runs}. */
    static long seedCount(List<RunRecord> runs) {
        return runs.stream().mapToLong(RunRecord::seed).distinct().count();
    }

    /**
     * Returns the steps averaged at each end: {@link #REWARD_WINDOW}, or half the longest run when
     * that is shorter, so that the two windows share no step unless a run has a single step.
     */
    static int rewardWindow(List<RunRecord> runs) {
        int maxSteps = runs.stream().mapToInt(run -> run.steps().size()).max().orElse(0);
        return Math.max(1, Math.min(REWARD_WINDOW, maxSteps / 2));
    }

    private static String meanWithRange(SeedStatistics statistics) {
        if (statistics.mean().isEmpty()) {
            return "-";
        }
        return format(statistics.mean(), "%.3f") + " (" + format(statistics.min(), "%.3f") + ".."
                + format(statistics.max(), "%.3f") + ")";
    }

    private static String stepCount(int steps) {
        return steps + (steps == 1 ? " step" : " steps");
    }

    private static OptionalDouble evaluationNumber(JsonNode evaluation, String field) {
        return evaluation == null || !evaluation.path(field).isNumber() ? OptionalDouble.empty()
                : OptionalDouble.of(evaluation.path(field).asDouble());
    }

    /** Mean, min, max and spread (max - min) of one value over the runs that have it. */
    private record SeedStatistics(OptionalDouble mean, OptionalDouble min, OptionalDouble max) {

        static SeedStatistics of(List<RunRecord> runs, Function<RunRecord, OptionalDouble> value) {
            double[] values = runs.stream().map(value).filter(OptionalDouble::isPresent)
                    .mapToDouble(OptionalDouble::getAsDouble).toArray();
            return new SeedStatistics(Arrays.stream(values).average(), Arrays.stream(values).min(),
                    Arrays.stream(values).max());
        }

        OptionalDouble spread() {
            return mean.isPresent() ? OptionalDouble.of(max.getAsDouble() - min.getAsDouble()) : OptionalDouble.empty();
        }
    }

    private static String stepSplit(RunRecord run) {
        OptionalDouble total = run.meanStepSeconds();
        if (total.isEmpty()) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f (%.1f/%.1f/%.1f/%.1f)", total.getAsDouble(),
                run.meanOfSteps("rolloutMillis").orElse(0) / 1000, run.meanOfSteps("scoringMillis").orElse(0) / 1000,
                run.meanOfSteps("updateMillis").orElse(0) / 1000, run.meanOfSteps("pushMillis").orElse(0) / 1000);
    }

    private static String evaluationText(JsonNode evaluation, String field) {
        if (evaluation == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.3f (%d)", evaluation.path(field).asDouble(), evaluation.path("step").asLong());
    }

    /**
     * Returns unparseableCount / sampleCount with the step, like {@link #evaluationText}, or "-" when
     * the evaluation has no samples or lacks either count, as evaluations from older trainers do.
     */
    private static String unparseableShareText(JsonNode evaluation) {
        if (evaluation == null || !evaluation.path("unparseableCount").isNumber()
                || !evaluation.path("sampleCount").isNumber() || evaluation.path("sampleCount").asInt() <= 0) {
            return "-";
        }
        double share = evaluation.path("unparseableCount").asDouble() / evaluation.path("sampleCount").asDouble();
        return String.format(Locale.ROOT, "%.3f (%d)", share, evaluation.path("step").asLong());
    }

    private static String evaluationValue(JsonNode evaluation, String field) {
        return evaluation == null ? "-" : String.format(Locale.ROOT, "%.3f", evaluation.path(field).asDouble());
    }

    private static String format(OptionalDouble value, String pattern) {
        return value.isPresent() ? String.format(Locale.ROOT, pattern, value.getAsDouble()) : "-";
    }

    /** Lays rows out in left-aligned columns separated by two spaces, with a rule under the header. */
    static String layout(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(String.format("%-" + widths[c] + "s", rows.get(r)[c]));
                if (c + 1 < columns) {
                    line.append("  ");
                }
            }
            text.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                int total = 0;
                for (int width : widths) {
                    total += width + 2;
                }
                text.append("-".repeat(total - 2)).append('\n');
            }
        }
        return text.toString();
    }
}
