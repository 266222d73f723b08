package org.stpplatform.reward.scoring;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stpplatform.common.api.ScoreOutcome;
import org.stpplatform.common.api.TaskName;
import org.stpplatform.reward.scoring.countdown.CountdownScorer;
import org.stpplatform.reward.scoring.gsm8k.Gsm8kScorer;
import org.stpplatform.reward.scoring.math.MathScorer;
import org.stpplatform.reward.scoring.text.TextLimits;

/**
 * Scores completions of every task in one {@link ScoringMode}. Thread-safe and stateless apart
 * from its configuration. {@link #score} never throws: a per-item deadline that runs out becomes
 * TIMEOUT with zero points, an unusable reference or an unexpected failure becomes ERROR with zero
 * points, so one bad item never fails its batch.
 */
public final class RewardScorer {

    private static final Logger log = LoggerFactory.getLogger(RewardScorer.class);

    private final ScoringMode mode;
    private final Duration perItemDeadline;
    private final Map<TaskName, TaskScorer> scorers = new EnumMap<>(TaskName.class);

    /**
     * @param mode reward functions to apply
     * @param perItemDeadline time allowed per completion; positive
     */
    public RewardScorer(ScoringMode mode, Duration perItemDeadline) {
        this.mode = Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(perItemDeadline, "perItemDeadline");
        if (perItemDeadline.isNegative() || perItemDeadline.isZero()) {
            throw new IllegalArgumentException("perItemDeadline must be positive, got " + perItemDeadline);
        }
        this.perItemDeadline = perItemDeadline;
        scorers.put(TaskName.GSM8K, new Gsm8kScorer(mode));
        scorers.put(TaskName.MATH, new MathScorer(mode));
        scorers.put(TaskName.COUNTDOWN, new CountdownScorer(mode));
    }

    public ScoringMode mode() {
        return mode;
    }

    public Duration perItemDeadline() {
        return perItemDeadline;
    }

    /** Returns the reward functions of a task, in breakdown order, with their point values. */
    public List<RewardFunctionInfo> functions(TaskName task) {
        return scorers.get(task).functions();
    }

    /**
     * Scores one completion. Completions longer than {@link TextLimits#MAX_COMPLETION_CHARS} keep
     * only their tail, and so do overlong references.
     */
    public Score score(TaskInstance instance, String completion) {
        if (instance == null) {
            return Score.of(Map.of(), ScoreOutcome.ERROR, "task instance is missing");
        }
        TaskScorer scorer = scorers.get(instance.task());
        Deadline deadline = Deadline.afterNanos(perItemDeadline.toNanos());
        try {
            // NOTE: keeping the tail bounds the work and keeps the final answer, but the strict and
            // soft format rewards need the start of the text, so they score 0 past the limit.
            String bounded = TextLimits.tail(completion, TextLimits.MAX_COMPLETION_CHARS);
            TaskInstance boundedInstance = instance.reference() == null
                    || instance.reference().length() <= TextLimits.MAX_REFERENCE_CHARS
                    ? instance
                    : new TaskInstance(instance.task(),
                            TextLimits.tail(instance.reference(), TextLimits.MAX_REFERENCE_CHARS),
                            instance.numbers(), instance.target());
            return scorer.score(boundedInstance, bounded, deadline);
        } catch (Deadline.DeadlineExceededException e) {
            // Callers count outcomes in metrics, so repeats are logged at debug level only.
            log.debug("Scoring timed out task={} mode={} deadlineMs={}", instance.task(), mode, perItemDeadline.toMillis());
            return zero(scorer, ScoreOutcome.TIMEOUT,
                    "scoring exceeded the per-item deadline of " + perItemDeadline.toMillis() + " ms");
        } catch (IllegalArgumentException e) {
            log.debug("Scoring rejected the task instance task={} mode={} reason={}", instance.task(), mode, e.getMessage());
            return zero(scorer, ScoreOutcome.ERROR, e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            log.error("Scoring failed unexpectedly task={} mode={}", instance.task(), mode, e);
            return zero(scorer, ScoreOutcome.ERROR, "scoring failed: " + e.getClass().getSimpleName());
        }
    }

    private static Score zero(TaskScorer scorer, ScoreOutcome outcome, String detail) {
        Map<String, Double> breakdown = new LinkedHashMap<>();
        for (RewardFunctionInfo function : scorer.functions()) {
            breakdown.put(function.name(), 0.0);
        }
        return Score.of(breakdown, outcome, detail);
    }
}
