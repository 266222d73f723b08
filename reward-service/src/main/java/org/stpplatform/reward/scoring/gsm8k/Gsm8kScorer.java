package org.stpplatform.reward.scoring.gsm8k;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stpplatform.common.api.ScoreOutcome;
import org.stpplatform.reward.scoring.Deadline;
import org.stpplatform.reward.scoring.Rational;
import org.stpplatform.reward.scoring.RewardFunctionInfo;
import org.stpplatform.reward.scoring.Score;
import org.stpplatform.reward.scoring.ScoringMode;
import org.stpplatform.reward.scoring.TaskInstance;
import org.stpplatform.reward.scoring.TaskScorer;
import org.stpplatform.reward.scoring.text.AnswerTags;
import org.stpplatform.reward.scoring.text.PythonText;

/**
 * GSM8K rewards, at most 4.0 points: correctness 2.0, integer answer 0.5, strict format 0.5, soft
 * format 0.5 and XML tag count up to 0.5 (d1's {@code reward_func.py} point values).
 */
public final class Gsm8kScorer implements TaskScorer {

    public static final String CORRECTNESS = "correctness";
    public static final String INTEGER_ANSWER = "integer_answer";
    public static final String STRICT_FORMAT = "strict_format";
    public static final String SOFT_FORMAT = "soft_format";
    public static final String XML_COUNT = "xml_count";

    public static final double CORRECTNESS_POINTS = 2.0;
    public static final double INTEGER_ANSWER_POINTS = 0.5;

    private final ScoringMode mode;

    public Gsm8kScorer(ScoringMode mode) {
        this.mode = mode;
    }

    @Override
    public List<RewardFunctionInfo> functions() {
        String correctness = mode == ScoringMode.STRICT
                ? "the last answer (answer tag or #### line) equals the gold number exactly"
                : "the stripped text after the last <answer> tag equals the gold text (d1)";
        String integer = mode == ScoringMode.STRICT
                ? "the final answer is an integer"
                : "the extracted answer passes Python's str.isdigit (d1)";
        return List.of(
                new RewardFunctionInfo(CORRECTNESS, CORRECTNESS_POINTS, correctness),
                new RewardFunctionInfo(INTEGER_ANSWER, INTEGER_ANSWER_POINTS, integer),
                new RewardFunctionInfo(STRICT_FORMAT, FormatRewards.STRICT_FORMAT_POINTS,
                        "the whole text is <reasoning>\\n...\\n</reasoning>\\n<answer>\\n...\\n</answer>\\n"),
                new RewardFunctionInfo(SOFT_FORMAT, FormatRewards.SOFT_FORMAT_POINTS,
                        "the text starts with <reasoning>...</reasoning> followed by <answer>...</answer>"),
                new RewardFunctionInfo(XML_COUNT, FormatRewards.XML_COUNT_MAX_POINTS,
                        "0.125 per tag present once, minus 0.001 per character after </answer>"));
    }

    @Override
    public Score score(TaskInstance instance, String completion, Deadline deadline) {
        if (instance.reference() == null) {
            throw new IllegalArgumentException("GSM8K reference is missing; pass the gold answer");
        }
        Map<String, Double> breakdown = new LinkedHashMap<>();
        Correctness correctness = mode == ScoringMode.STRICT
                ? strictCorrectness(instance.reference(), completion, deadline)
                : referenceCorrectness(instance.reference(), completion);
        breakdown.put(CORRECTNESS, correctness.outcome == ScoreOutcome.CORRECT ? CORRECTNESS_POINTS : 0.0);
        breakdown.put(INTEGER_ANSWER, correctness.integerAnswer ? INTEGER_ANSWER_POINTS : 0.0);
        breakdown.put(STRICT_FORMAT, FormatRewards.strictFormat(completion));
        breakdown.put(SOFT_FORMAT, FormatRewards.softFormat(completion, deadline));
        breakdown.put(XML_COUNT, FormatRewards.xmlCount(completion));
        return Score.of(breakdown, correctness.outcome, correctness.detail);
    }

    private record Correctness(ScoreOutcome outcome, boolean integerAnswer, String detail) {
    }

    private static Correctness strictCorrectness(String reference, String completion, Deadline deadline) {
        Rational gold = Gsm8kAnswers.lastNumber(Gsm8kAnswers.goldText(reference), deadline);
        if (gold == null) {
            throw new IllegalArgumentException("GSM8K reference contains no number: '" + abbreviate(reference) + "'");
        }
        String answerText = Gsm8kAnswers.finalAnswerText(completion);
        if (answerText == null) {
            return new Correctness(ScoreOutcome.UNPARSEABLE, false, "no <answer> tag and no #### line");
        }
        Rational answer = Gsm8kAnswers.lastNumber(answerText, deadline);
        if (answer == null) {
            return new Correctness(ScoreOutcome.UNPARSEABLE, false,
                    "no number in the final answer '" + abbreviate(answerText) + "'");
        }
        ScoreOutcome outcome = answer.equals(gold) ? ScoreOutcome.CORRECT : ScoreOutcome.WRONG;
        return new Correctness(outcome, answer.isInteger(), "answer " + answer + ", gold " + gold);
    }

    /**
     * d1's correctness and integer rewards: {@code extract_xml_answer} compared as a string with
     * {@code extract_hash_answer(reference)}, which is the stripped text between the first and the
     * second {@code ####}. Quirks kept: {@code "42."}, {@code "$42"}, {@code "1,250"} and
     * {@code "18.00"} are wrong against {@code 42}, {@code 1250}, {@code 18}; without any answer tag
     * the whole completion is compared; negative integers get no integer reward.
     */
    private static Correctness referenceCorrectness(String reference, String completion) {
        List<String> parts = PythonText.split(reference, "####");
        String gold = parts.size() > 1 ? PythonText.strip(parts.get(1)) : PythonText.strip(reference);
        String answer = AnswerTags.xmlAnswer(completion);
        boolean integer = PythonText.isDigit(answer);
        ScoreOutcome outcome;
        if (answer.equals(gold)) {
            outcome = ScoreOutcome.CORRECT;
        } else {
            outcome = answer.isEmpty() ? ScoreOutcome.UNPARSEABLE : ScoreOutcome.WRONG;
        }
        return new Correctness(outcome, integer, "answer '" + abbreviate(answer) + "', gold '" + abbreviate(gold) + "'");
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
