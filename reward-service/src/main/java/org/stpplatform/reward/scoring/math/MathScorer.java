package org.stpplatform.reward.scoring.math;

import java.util.LinkedHashMap;
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

/**
 * MATH rewards: correctness 2.0 (the last boxed answer is equivalent to the gold answer) and answer
 * format 0.5 x (1 for an answer tag + 1 when the answer contains a box, else 0.5), the point values
 * of d1's {@code correctness_reward_func_math} and {@code boxed_and_answer_tags_format_reward}.
 * Reference mode reaches at most 2.75 because d1's box test never matches (see
 * {@link ReferenceMath#boxedInAnswer}); strict mode tests for the box and reaches 3.0.
 */
public final class MathScorer implements TaskScorer {

    public static final String CORRECTNESS = "correctness";
    public static final String ANSWER_FORMAT = "answer_format";

    public static final double CORRECTNESS_POINTS = 2.0;
    public static final double STRICT_ANSWER_FORMAT_MAX_POINTS = 1.0;
    public static final double REFERENCE_ANSWER_FORMAT_MAX_POINTS = 0.75;

    private final ScoringMode mode;

    public MathScorer(ScoringMode mode) {
        this.mode = mode;
    }

    @Override
    public List<RewardFunctionInfo> functions() {
        String correctness = mode == ScoringMode.STRICT
                ? "the last brace-matched \\boxed{} or \\fbox{} is equivalent to the gold answer"
                        + " (exact rationals, structure, symbolic equality)"
                : "d1: last \\boxed{} content equals the gold after d1's string normalisation";
        String format = mode == ScoringMode.STRICT
                ? "0.5 x (1 for an <answer> tag + 1 when the answer contains \\boxed, else 0.5)"
                : "d1: 0.5 x (1 for an <answer> tag + 0.5, the boxed test never matching)";
        return List.of(
                new RewardFunctionInfo(CORRECTNESS, CORRECTNESS_POINTS, correctness),
                new RewardFunctionInfo(ANSWER_FORMAT, mode == ScoringMode.STRICT
                        ? STRICT_ANSWER_FORMAT_MAX_POINTS : REFERENCE_ANSWER_FORMAT_MAX_POINTS, format));
    }

    @Override
    public Score score(TaskInstance instance, String completion, Deadline deadline) {
        if (instance.reference() == null || (mode == ScoringMode.STRICT && instance.reference().isBlank())) {
            throw new IllegalArgumentException("MATH reference is missing or blank; pass the gold answer");
        }
        Map<String, Double> breakdown = new LinkedHashMap<>();
        Correctness correctness = mode == ScoringMode.STRICT
                ? strictCorrectness(instance.reference(), completion, deadline)
                : referenceCorrectness(instance.reference(), completion);
        breakdown.put(CORRECTNESS, correctness.outcome() == ScoreOutcome.CORRECT ? CORRECTNESS_POINTS : 0.0);
        double format = mode == ScoringMode.STRICT
                ? strictAnswerFormat(completion)
                : ReferenceMath.boxedInAnswer(completion);
        breakdown.put(ANSWER_FORMAT, 0.5 * format);
        return Score.of(breakdown, correctness.outcome(), correctness.detail());
    }

    private record Correctness(ScoreOutcome outcome, String detail) {
    }

    private static Correctness strictCorrectness(String reference, String completion, Deadline deadline) {
        String gold = reference;
        BoxedAnswers.Extraction goldBox = BoxedAnswers.lastBox(reference, deadline);
        if (goldBox.status() == BoxedAnswers.Status.FOUND) {
            gold = goldBox.content();
        } else if (goldBox.status() == BoxedAnswers.Status.UNCLOSED) {
            throw new IllegalArgumentException("MATH reference has an unclosed \\boxed{: '" + abbreviate(reference) + "'");
        }
        BoxedAnswers.Extraction answer = BoxedAnswers.lastBox(completion, deadline);
        if (answer.status() == BoxedAnswers.Status.NO_BOX) {
            return new Correctness(ScoreOutcome.UNPARSEABLE, "no \\boxed{} or \\fbox{} answer");
        }
        if (answer.status() == BoxedAnswers.Status.UNCLOSED) {
            return new Correctness(ScoreOutcome.UNPARSEABLE, "the last \\boxed{} is not closed");
        }
        boolean equal = MathEquivalence.equivalent(answer.content(), gold, deadline);
        String detail = "answer '" + abbreviate(answer.content()) + "', gold '" + abbreviate(gold) + "'";
        return new Correctness(equal ? ScoreOutcome.CORRECT : ScoreOutcome.WRONG, detail);
    }

    /**
     * d1's {@code correctness_reward_func_math}: when extracting the completion's box raises, the
     * whole completion is compared (quirk kept); when extracting the gold's box raises, the Python
     * function fails, which is an ERROR here.
     */
    private static Correctness referenceCorrectness(String reference, String completion) {
        String gold;
        try {
            gold = ReferenceMath.removeBoxed(ReferenceMath.lastBoxedOnlyString(reference));
        } catch (ReferenceMath.PythonException e) {
            throw new IllegalArgumentException("d1 cannot extract the MATH reference '" + abbreviate(reference)
                    + "': " + e.getMessage());
        }
        String answer = completion;
        boolean extracted = completion.contains("\\boxed") || completion.contains("\\fbox");
        try {
            answer = ReferenceMath.removeBoxed(ReferenceMath.lastBoxedOnlyString(completion));
        } catch (ReferenceMath.PythonException e) {
            extracted = false;
        }
        boolean equal = ReferenceMath.isEquiv(answer, gold);
        String detail = "answer '" + abbreviate(answer) + "', gold '" + abbreviate(gold) + "'";
        if (equal) {
            return new Correctness(ScoreOutcome.CORRECT, detail);
        }
        return new Correctness(extracted ? ScoreOutcome.WRONG : ScoreOutcome.UNPARSEABLE, detail);
    }

    /** Returns 1 for an answer tag plus 1 when the answer (or, without a tag, the text) has a box, else 0.5. */
    private static double strictAnswerFormat(String completion) {
        int open = completion.lastIndexOf(AnswerTags.OPEN);
        String searched = completion;
        double reward = 0.0;
        if (open >= 0) {
            reward += 1.0;
            int start = open + AnswerTags.OPEN.length();
            int close = completion.indexOf(AnswerTags.CLOSE, start);
            searched = completion.substring(start, close < 0 ? completion.length() : close);
        }
        reward += searched.contains("\\boxed") || searched.contains("\\fbox") ? 1.0 : 0.5;
        return reward;
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
