package org.stpplatform.reward.scoring.countdown;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.stpplatform.common.api.ScoreOutcome;
import org.stpplatform.reward.scoring.Deadline;
import org.stpplatform.reward.scoring.RewardFunctionInfo;
import org.stpplatform.reward.scoring.Score;
import org.stpplatform.reward.scoring.ScoringMode;
import org.stpplatform.reward.scoring.TaskInstance;
import org.stpplatform.reward.scoring.TaskScorer;
import org.stpplatform.reward.scoring.text.AnswerTags;
import org.stpplatform.reward.scoring.text.PythonText;

/**
 * Countdown reward (TinyZero's and d1's {@code compute_score}): 0 without a closed answer tag, 0.1
 * (the format score) when the expression is invalid, uses other numbers than the given multiset or
 * misses the target, and 1.0 when it reaches the target.
 */
public final class CountdownScorer implements TaskScorer {

    public static final String FUNCTION = "countdown";
    public static final double FORMAT_POINTS = 0.1;
    public static final double CORRECT_POINTS = 1.0;

    private final ScoringMode mode;

    public CountdownScorer(ScoringMode mode) {
        this.mode = mode;
    }

    @Override
    public List<RewardFunctionInfo> functions() {
        String description = mode == ScoringMode.STRICT
                ? "1.0 when the last <answer> expression (exact rationals, each number once) equals the"
                        + " target, 0.1 for any other answer, 0 without an answer tag"
                : "d1 compute_score: 1.0 when Python-style evaluation is within 1e-5 of the target,"
                        + " 0.1 for any other answer, 0 without an answer tag";
        return List.of(new RewardFunctionInfo(FUNCTION, CORRECT_POINTS, description));
    }

    @Override
    public Score score(TaskInstance instance, String completion, Deadline deadline) {
        if (instance.numbers() == null || instance.numbers().isEmpty() || instance.target() == null) {
            throw new IllegalArgumentException("Countdown instance needs numbers and a target, e.g. reference "
                    + "{\"numbers\":[88,4,32,60],\"target\":30}");
        }
        String content = AnswerTags.lastClosedContent(completion);
        if (content == null) {
            return score(0.0, ScoreOutcome.UNPARSEABLE, "no closed <answer> tag");
        }
        return mode == ScoringMode.STRICT
                ? strict(instance, content.strip(), deadline)
                : reference(instance, PythonText.strip(content), deadline);
    }

    private static Score strict(TaskInstance instance, String equation, Deadline deadline) {
        CountdownExpression.Parsed parsed;
        try {
            parsed = CountdownExpression.parse(equation, deadline);
        } catch (CountdownExpression.SyntaxException e) {
            return score(FORMAT_POINTS, ScoreOutcome.UNPARSEABLE, "invalid expression: " + e.getMessage());
        } catch (CountdownExpression.DivisionByZeroException e) {
            return score(FORMAT_POINTS, ScoreOutcome.WRONG, "expression divides by zero");
        }
        List<BigInteger> expected = new ArrayList<>();
        for (int number : instance.numbers()) {
            expected.add(BigInteger.valueOf(number));
        }
        List<BigInteger> used = new ArrayList<>(parsed.literals());
        Collections.sort(expected);
        Collections.sort(used);
        if (!used.equals(expected)) {
            return score(FORMAT_POINTS, ScoreOutcome.WRONG,
                    "numbers used " + used + " differ from the given numbers " + expected);
        }
        BigInteger target = BigInteger.valueOf(instance.target());
        if (parsed.claimedResult() != null && !parsed.claimedResult().equals(target)) {
            return score(FORMAT_POINTS, ScoreOutcome.WRONG,
                    "the answer claims " + parsed.claimedResult() + ", the target is " + target);
        }
        if (!parsed.value().isInteger() || !parsed.value().numerator().equals(target)) {
            return score(FORMAT_POINTS, ScoreOutcome.WRONG, "value " + parsed.value() + ", target " + target);
        }
        return score(CORRECT_POINTS, ScoreOutcome.CORRECT, "value " + parsed.value());
    }

    /**
     * d1's {@code compute_score} with {@code validate_equation} and {@code evaluate_equation}.
     * Quirks kept: the numbers are every run of {@code \d} (Unicode digits included), so
     * {@code 2.5 * 4} uses 2, 5 and 4; {@code //} and {@code **} are evaluated as Python does; the
     * result counts when it is within 1e-5 of the target, so float rounding such as
     * {@code 49 * (1 / 49)} = 0.9999999999999999 still scores 1.0.
     */
    private static Score reference(TaskInstance instance, String equation, Deadline deadline) {
        List<BigInteger> used = digitRuns(equation, deadline);
        List<BigInteger> expected = new ArrayList<>();
        for (int number : instance.numbers()) {
            expected.add(BigInteger.valueOf(number));
        }
        Collections.sort(used);
        Collections.sort(expected);
        if (!used.equals(expected)) {
            return score(FORMAT_POINTS, ScoreOutcome.WRONG,
                    "numbers used " + used + " differ from the given numbers " + expected);
        }
        if (!hasOnlyAllowedCharacters(equation)) {
            return score(FORMAT_POINTS, ScoreOutcome.UNPARSEABLE,
                    "characters outside d1's allowed set [\\d+\\-*/().\\s]");
        }
        PythonArithmetic.PyNumber result;
        try {
            result = PythonArithmetic.evaluate(equation, deadline);
        } catch (PythonArithmetic.PythonError e) {
            return score(FORMAT_POINTS, ScoreOutcome.UNPARSEABLE, "Python evaluation fails: " + e.getMessage());
        } catch (PythonArithmetic.ResultTooLargeException e) {
            // NOTE: Python would finish the computation and compare. An int this large comes back near
            // the target only through cancellation, and such expressions are scored as wrong here.
            return score(FORMAT_POINTS, ScoreOutcome.WRONG, "evaluation stopped: " + e.getMessage());
        }
        if (result.isWithinTolerance(instance.target())) {
            return score(CORRECT_POINTS, ScoreOutcome.CORRECT, "value " + result);
        }
        return score(FORMAT_POINTS, ScoreOutcome.WRONG, "value " + result + ", target " + instance.target());
    }

    /** Returns Python's {@code [int(n) for n in re.findall(r"\d+", text)]}. */
    private static List<BigInteger> digitRuns(String text, Deadline deadline) {
        List<BigInteger> numbers = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            deadline.check();
            int c = text.codePointAt(i);
            if (!PythonText.isDecimalDigit(c)) {
                i += Character.charCount(c);
                continue;
            }
            StringBuilder digits = new StringBuilder();
            while (i < text.length() && PythonText.isDecimalDigit(c = text.codePointAt(i))) {
                digits.append((char) ('0' + Character.digit(c, 10)));
                i += Character.charCount(c);
            }
            numbers.add(new BigInteger(digits.toString()));
        }
        return numbers;
    }

    /** Returns whether d1's allowed-character pattern (digits, whitespace and {@code + - * / ( ) .}) matches. */
    private static boolean hasOnlyAllowedCharacters(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            boolean allowed = PythonText.isDecimalDigit(c) || PythonText.isSpace(c) || "+-*/().".indexOf(c) >= 0;
            if (!allowed) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    private static Score score(double points, ScoreOutcome outcome, String detail) {
        return Score.of(Map.of(FUNCTION, points), outcome, detail);
    }
}
