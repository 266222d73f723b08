package org.stpplatform.launcher;

import java.io.PrintStream;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Prints a run's progress: one bar line per completed step with reward mean, the last evaluation's
 * accuracy, estimator variance, NFE per sample and time per step. On a terminal the line is
 * redrawn in place; otherwise every step gets its own line.
 */
final class ProgressPrinter {

    private static final int BAR_WIDTH = 20;

    private final PrintStream out;
    private final boolean redraw;
    private String lastStatus = "";
    private long lastPrintedStep = -1;

    ProgressPrinter(PrintStream out, boolean redraw) {
        this.out = out;
        this.redraw = redraw;
    }

    /** Prints the run's state and status detail when they changed. */
    void status(String algorithm, JsonNode run) {
        String status = run.path("state").asString("") + " " + run.path("statusDetail").asString("");
        if (!status.equals(lastStatus)) {
            endLine();
            out.println("stp: [" + algorithm + "] " + status.trim());
            lastStatus = status;
        }
    }

    /** Prints the bar for the newest step when it is newer than the last one printed. */
    void step(String algorithm, JsonNode latestStep, long totalSteps, JsonNode lastEvaluation) {
        long step = latestStep.path("step").asLong();
        if (step <= lastPrintedStep) {
            return;
        }
        lastPrintedStep = step;
        String line = line(algorithm, latestStep, totalSteps, lastEvaluation);
        if (redraw) {
            out.print("\r" + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends a redrawn line so that the next message starts on its own line. */
    void endLine() {
        if (redraw && lastPrintedStep >= 0) {
            out.println();
        }
    }

    static String line(String algorithm, JsonNode step, long totalSteps, JsonNode lastEvaluation) {
        long current = step.path("step").asLong();
        int filled = totalSteps <= 0 ? 0 : (int) Math.min(BAR_WIDTH, current * BAR_WIDTH / totalSteps);
        String bar = "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled);
        String accuracy = lastEvaluation == null ? "  -  "
                : String.format(Locale.ROOT, "%.3f (step %d)", lastEvaluation.path("accuracy").asDouble(),
                        lastEvaluation.path("step").asLong());
        String variance = step.hasNonNull("estimatorVariance")
                ? String.format(Locale.ROOT, "%.2e", step.get("estimatorVariance").asDouble())
                : "-";
        return String.format(Locale.ROOT,
                "[%s] %-10s step %d/%d | reward %.3f | eval acc %s | est var %s | NFE/sample %.1f | %.1f s/step",
                bar, algorithm, current, totalSteps, step.path("rewardMean").asDouble(), accuracy, variance,
                step.path("nfePerSample").asDouble(), RunRecord.stepSeconds(step));
    }
}
