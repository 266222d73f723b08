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
    private long lastPrintedEvaluationStep = -1;
    /** Whether a redrawn bar is on screen without its newline. */
    private boolean lineOpen;
    private boolean stopped;

    ProgressPrinter(PrintStream out, boolean redraw) {
        this.out = out;
        this.redraw = redraw;
    }

    /** Prints the run's state and status detail when they changed. */
    synchronized void status(String algorithm, JsonNode run) {
        String status = statusText(run);
        if (stopped || status.equals(lastStatus)) {
            return;
        }
        endLine();
        out.println("stp: [" + algorithm + "] " + status);
        lastStatus = status;
    }

    /**
     * Prints the bar for the newest step when its step or its last evaluation is newer than the
     * last one printed, so that the evaluation after the final step also reaches the screen.
     */
    synchronized void step(String algorithm, JsonNode latestStep, long totalSteps, JsonNode lastEvaluation) {
        long step = latestStep.path("step").asLong();
        long evaluationStep = lastEvaluation == null ? -1 : lastEvaluation.path("step").asLong();
        if (stopped || (step <= lastPrintedStep && evaluationStep <= lastPrintedEvaluationStep)) {
            return;
        }
        lastPrintedStep = Math.max(lastPrintedStep, step);
        lastPrintedEvaluationStep = Math.max(lastPrintedEvaluationStep, evaluationStep);
        String line = line(algorithm, latestStep, totalSteps, lastEvaluation);
        if (redraw) {
            out.print("\r" + line);
            lineOpen = true;
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends an open redrawn line so that the next message starts on its own line. */
    synchronized void endLine() {
        if (lineOpen) {
            out.println();
            out.flush();
            lineOpen = false;
        }
    }

    /**
     * Ends the open line and silences this printer, so that the interrupt messages of another thread
     * are not written into a bar that the polling thread redraws.
     *
     * @return whether a line was open and has been ended
     */
    synchronized boolean stop() {
        boolean wasOpen = lineOpen;
        endLine();
        stopped = true;
        return wasOpen;
    }

    /**
     * Formats a run's state with its status detail without repeating the state: a detail that
     * starts with the state ("cancelled by request") is printed alone, the trainer's completion detail
     * "N steps done" becomes "completed N steps", and any other detail follows in brackets.
     */
    static String statusText(JsonNode run) {
        String state = run.path("state").asString("");
        String detail = run.path("statusDetail").asString("").trim();
        if (detail.isEmpty()) {
            return state;
        }
        if (state.isEmpty() || startsWithWord(detail, state)) {
            return detail;
        }
        if (state.equals("completed") && detail.endsWith(" done")) {
            return state + " " + detail.substring(0, detail.length() - " done".length());
        }
        return state + " (" + detail + ")";
    }

    private static boolean startsWithWord(String text, String word) {
        return text.regionMatches(true, 0, word, 0, word.length())
                && (text.length() == word.length() || !Character.isLetterOrDigit(text.charAt(word.length())));
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
