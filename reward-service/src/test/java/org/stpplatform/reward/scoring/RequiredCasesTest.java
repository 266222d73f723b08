package org.stpplatform.reward.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stpplatform.common.api.ScoreOutcome;
import org.stpplatform.common.api.TaskName;

/** The strict-mode cases every release must hold, one test per case. */
class RequiredCasesTest {

    private final RewardScorer scorer = new RewardScorer(ScoringMode.STRICT, Duration.ofSeconds(1));

    private ScoreOutcome gsm8k(String completion, String gold) {
        return scorer.score(TaskInstance.parse(TaskName.GSM8K, gold), completion).outcome();
    }

    private ScoreOutcome math(String completion, String gold) {
        return scorer.score(TaskInstance.parse(TaskName.MATH, gold), completion).outcome();
    }

    private Score countdown(String completion, List<Integer> numbers, int target) {
        return scorer.score(TaskInstance.countdown(numbers, target), completion);
    }

    @Test
    void gsm8kTrailingPeriod() {
        assertEquals(ScoreOutcome.CORRECT, gsm8k("so the total is\n#### 42.", "42"));
    }

    @Test
    void gsm8kDollarSign() {
        assertEquals(ScoreOutcome.CORRECT, gsm8k("#### $42", "42"));
    }

    @Test
    void gsm8kTrailingZeros() {
        assertEquals(ScoreOutcome.CORRECT, gsm8k("#### 42.00", "42"));
    }

    @Test
    void gsm8kUnicodeMinus() {
        assertEquals(ScoreOutcome.CORRECT, gsm8k("#### \u22127", "-7"));
    }

    @Test
    void gsm8kThousandsSeparatorInAnswerAndGold() {
        assertEquals(ScoreOutcome.CORRECT, gsm8k("<answer>1,250</answer>", "1,250"));
        assertEquals(ScoreOutcome.CORRECT, gsm8k("<answer>1,250</answer>", "1250"));
    }

    @Test
    void gsm8kLastAnswerWins() {
        assertEquals(ScoreOutcome.CORRECT, gsm8k("#### 6 ... no wait ... #### 42", "42"));
    }

    @Test
    void mathDecimalEqualsFraction() {
        assertEquals(ScoreOutcome.CORRECT, math("\\boxed{0.75}", "\\frac{3}{4}"));
    }

    @Test
    void mathNestedBracesAreMatched() {
        assertEquals(ScoreOutcome.WRONG, math("\\boxed{\\frac{1}{5}}", "\\frac{1}{2}"));
    }

    @Test
    void mathThousandsSeparator() {
        assertEquals(ScoreOutcome.CORRECT, math("\\boxed{12500}", "12,500"));
    }

    @Test
    void mathTupleEqualsBareList() {
        assertEquals(ScoreOutcome.CORRECT, math("\\boxed{(0,3)}", "0,3"));
    }

    @Test
    void mathTextUnitsAndShortFraction() {
        assertEquals(ScoreOutcome.CORRECT,
                math("\\boxed{\\frac{150}{7}\\text{ degrees}}", "\\frac{150}7\\text{ degrees}"));
    }

    @Test
    void mathUnitWordAfterNumber() {
        assertEquals(ScoreOutcome.CORRECT, math("\\boxed{8\\text{cm}}", "8"));
    }

    @Test
    void mathTupleIsNotHalfOpenInterval() {
        assertEquals(ScoreOutcome.WRONG, math("\\boxed{(2,5)}", "(2,5]"));
    }

    @Test
    void mathChoiceLetter() {
        assertEquals(ScoreOutcome.CORRECT, math("\\boxed{B}", "\\text{(B)}"));
    }

    @Test
    void mathScientificNotation() {
        assertEquals(ScoreOutcome.CORRECT, math("\\boxed{3.1\\times10^{-4}}", ".00031"));
    }

    @Test
    void mathFbox() {
        assertEquals(ScoreOutcome.CORRECT, math("\\fbox{9}", "9"));
    }

    @Test
    void mathPowerTowerEndsWithinOneSecond() {
        long start = System.nanoTime();
        ScoreOutcome outcome = math("\\boxed{7^{7^{7^{7^7}}}}", "1");
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(outcome == ScoreOutcome.WRONG || outcome == ScoreOutcome.TIMEOUT, "outcome " + outcome);
        assertTrue(elapsedMillis < 1000, "took " + elapsedMillis + " ms");
    }

    @Test
    void mathCodeAnswerNotExecuted() {
        assertEquals(ScoreOutcome.WRONG, math("\\boxed{[__import__('os').system('true')]}", "2"));
    }

    @Test
    void countdownMultilineAnswerTag() {
        Score score = countdown("<answer>\n60 - (88 + 32) / 4\n</answer>", List.of(88, 4, 32, 60), 30);
        assertEquals(ScoreOutcome.CORRECT, score.outcome());
        assertEquals(1.0, score.total());
    }

    @Test
    void countdownTypesetOperators() {
        Score score = countdown("<answer>12 \u00D7 5 \u2212 7</answer>", List.of(7, 12, 5), 53);
        assertEquals(ScoreOutcome.CORRECT, score.outcome());
        assertEquals(1.0, score.total());
    }

    @Test
    void countdownExactDivision() {
        Score score = countdown("<answer>14 * (27 / 18)</answer>", List.of(27, 18, 14), 21);
        assertEquals(ScoreOutcome.CORRECT, score.outcome());
        assertEquals(1.0, score.total());
    }

    @Test
    void countdownFloorDivisionRejected() {
        Score score = countdown("<answer>11 // 4 + 1</answer>", List.of(11, 4, 1), 3);
        assertEquals(ScoreOutcome.UNPARSEABLE, score.outcome());
        assertEquals(0.1, score.total());
    }

    @Test
    void countdownPowerRejectedFast() {
        long start = System.nanoTime();
        Score score = countdown("<answer>8**8**8</answer>", List.of(8, 8, 8), 1);
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(ScoreOutcome.UNPARSEABLE, score.outcome());
        assertEquals(0.1, score.total());
        assertTrue(elapsedMillis < 100, "took " + elapsedMillis + " ms");
    }

    @Test
    void countdownDecimalPointRejected() {
        Score score = countdown("<answer>2.5 * 4</answer>", List.of(2, 5, 4), 10);
        assertEquals(ScoreOutcome.UNPARSEABLE, score.outcome());
        assertEquals(0.1, score.total());
    }

    @Test
    void countdownRepeatedNumbers() {
        Score score = countdown("<answer>70 + 31 - 70</answer>", List.of(70, 31, 70), 31);
        assertEquals(ScoreOutcome.CORRECT, score.outcome());
        assertEquals(1.0, score.total());
    }
}
