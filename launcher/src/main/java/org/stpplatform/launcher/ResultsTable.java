package org.stpplatform.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import tools.jackson.databind.JsonNode;

/**
 * Text tables of the demo's results: before-and-after for one run, or one row per algorithm in
 * compare mode.
 */
final class ResultsTable {

    /** Steps averaged for the "first" and "last" training reward, which is noisy per step. */
    static final int REWARD_WINDOW = 5;

    private ResultsTable() {
    }

    /** Renders the table for {@code runs}: before-and-after for one, side by side for several. */
    static String render(List<RunRecord> runs) {
        return runs.size() == 1 ? single(runs.get(0)) : compare(runs);
    }

    static String single(RunRecord run) {
        JsonNode base = run.firstEvaluation();
        JsonNode last = run.lastEvaluation();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"metric", "start", "end"});
        rows.add(new String[] {"held-out greedy accuracy (step)",
            evaluationText(base, "accuracy"), evaluationText(last, "accuracy")});
        rows.add(new String[] {"held-out greedy reward mean",
            evaluationText(base, "rewardMean"), evaluationText(last, "rewardMean")});
        rows.add(new String[] {"training reward mean (first/last " + REWARD_WINDOW + " steps)",
            format(run.meanOfSteps(step -> step.path("rewardMean").asDouble(), REWARD_WINDOW, false), "%.3f"),
            format(run.meanOfSteps(step -> step.path("rewardMean").asDouble(), REWARD_WINDOW, true), "%.3f")});
        rows.add(new String[] {"training accuracy (first/last " + REWARD_WINDOW + " steps)",
            format(run.meanOfSteps(step -> step.path("accuracy").asDouble(), REWARD_WINDOW, false), "%.3f"),
            format(run.meanOfSteps(step -> step.path("accuracy").asDouble(), REWARD_WINDOW, true), "%.3f")});
        rows.add(new String[] {"estimator variance (mean over steps)", "", format(run.meanOfSteps("estimatorVariance"), "%.3e")});
        rows.add(new String[] {"NFE per sample (mean)", "", format(run.meanOfSteps("nfePerSample"), "%.1f")});
        rows.add(new String[] {"time per step, s (rollout/scoring/update/push)", "", stepSplit(run)});
        rows.add(new String[] {"steps completed / wall time, s", "",
            run.steps().size() + " / " + String.format(Locale.ROOT, "%.0f", run.wallSeconds())});
        return "Run " + run.runId() + " (" + run.algorithm() + ", " + run.state() + ")\n" + layout(rows);
    }

    static String compare(List<RunRecord> runs) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"algorithm", "start acc", "final acc", "final reward", "est var (mean)",
            "NFE/sample", "s/step", "state"});
        for (RunRecord run : runs) {
            rows.add(new String[] {
                run.algorithm(),
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
