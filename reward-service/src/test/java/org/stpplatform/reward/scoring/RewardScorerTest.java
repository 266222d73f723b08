package org.stpplatform.reward.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stpplatform.common.api.ScoreOutcome;
import org.stpplatform.common.api.TaskName;
import org.stpplatform.reward.scoring.text.TextLimits;

class RewardScorerTest {

    private final RewardScorer scorer = new RewardScorer(ScoringMode.STRICT, Duration.ofSeconds(1));

    @Test
    void functionsMatchBreakdownKeys() {
        for (ScoringMode mode : ScoringMode.values()) {
            RewardScorer modeScorer = new RewardScorer(mode, Duration.ofSeconds(1));
            for (TaskName task : TaskName.values()) {
                String reference = task == TaskName.COUNTDOWN ? "{\"numbers\":[1,2],\"target\":3}" : "3";
                Score score = modeScorer.score(TaskInstance.parse(task, reference), "<answer>1+2</answer>");
                List<String> names = modeScorer.functions(task).stream().map(RewardFunctionInfo::name).toList();
                assertEquals(names, List.copyOf(score.breakdown().keySet()), mode + " " + task);
            }
        }
    }

    @Test
    void maxPointsPerTask() {
        assertEquals(4.0, maxPoints(scorer, TaskName.GSM8K));
        assertEquals(3.0, maxPoints(scorer, TaskName.MATH));
        assertEquals(1.0, maxPoints(scorer, TaskName.COUNTDOWN));
        RewardScorer reference = new RewardScorer(ScoringMode.REFERENCE, Duration.ofSeconds(1));
        assertEquals(2.75, maxPoints(reference, TaskName.MATH));
    }

    private static double maxPoints(RewardScorer scorer, TaskName task) {
        return scorer.functions(task).stream().mapToDouble(RewardFunctionInfo::maxPoints).sum();
    }

    @Test
    void nullInputsBecomeOutcomes() {
        Score missingInstance = scorer.score(null, "text");
        assertEquals(ScoreOutcome.ERROR, missingInstance.outcome());
        Score missingCompletion = scorer.score(TaskInstance.parse(TaskName.GSM8K, "42"), null);
        assertEquals(ScoreOutcome.UNPARSEABLE, missingCompletion.outcome());
        Score missingReference = scorer.score(new TaskInstance(TaskName.MATH, null, null, null), "\\boxed{1}");
        assertEquals(ScoreOutcome.ERROR, missingReference.outcome());
        assertEquals(0.0, missingReference.total());
    }

    @Test
    void countdownWithoutNumbersIsError() {
        Score score = scorer.score(TaskInstance.parse(TaskName.COUNTDOWN, "30"), "<answer>1</answer>");
        assertEquals(ScoreOutcome.ERROR, score.outcome());
        assertTrue(score.detail().contains("numbers"), score.detail());
    }

    @Test
    void gsm8kReferenceWithoutNumberIsError() {
        Score score = scorer.score(TaskInstance.parse(TaskName.GSM8K, "none"), "<answer>1</answer>");
        assertEquals(ScoreOutcome.ERROR, score.outcome());
        assertEquals(0.0, score.total());
    }

    @Test
    void expiredDeadlineIsTimeout() {
        RewardScorer hurried = new RewardScorer(ScoringMode.STRICT, Duration.ofNanos(1));
        String completion = "<answer>" + "1 ".repeat(5000) + "</answer>";
        Score score = hurried.score(TaskInstance.parse(TaskName.GSM8K, "1"), completion);
        assertEquals(ScoreOutcome.TIMEOUT, score.outcome());
        assertEquals(0.0, score.total());
        assertEquals(List.copyOf(hurried.functions(TaskName.GSM8K).stream().map(RewardFunctionInfo::name).toList()),
                List.copyOf(score.breakdown().keySet()));
    }

    @Test
    void longCompletionKeepsTail() {
        String padding = "x".repeat(TextLimits.MAX_COMPLETION_CHARS * 4);
        Score answerAtEnd = scorer.score(TaskInstance.parse(TaskName.GSM8K, "42"), padding + "<answer>42</answer>");
        assertEquals(ScoreOutcome.CORRECT, answerAtEnd.outcome());
        Score answerAtStart = scorer.score(TaskInstance.parse(TaskName.GSM8K, "42"), "<answer>42</answer>" + padding);
        assertEquals(ScoreOutcome.UNPARSEABLE, answerAtStart.outcome());
    }

    @Test
    void adversarialMathEndsQuickly() {
        List<String> answers = List.of("\\boxed{" + "(".repeat(5000) + "}", "\\boxed{" + "\\sqrt".repeat(2000) + "2}",
                "\\boxed{" + "{".repeat(3000) + "1" + "}".repeat(3000) + "}", "\\boxed{9^{9^{9^{9^{9^{9}}}}}}",
                "\\boxed{" + "x^".repeat(500) + "2}", "\\boxed{1000!!}", "\\boxed{" + "1,".repeat(3000) + "1}");
        for (String answer : answers) {
            long start = System.nanoTime();
            Score score = scorer.score(TaskInstance.parse(TaskName.MATH, "2"), answer);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 1000, "took " + millis + " ms: " + answer.substring(0, Math.min(20, answer.length())));
            assertTrue(score.outcome() != ScoreOutcome.CORRECT, score.toString());
        }
    }

    @Test
    void invalidDeadlineRejected() {
        assertThrows(IllegalArgumentException.class, () -> new RewardScorer(ScoringMode.STRICT, Duration.ZERO));
    }
}
