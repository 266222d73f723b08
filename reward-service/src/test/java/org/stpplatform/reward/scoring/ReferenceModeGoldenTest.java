package org.stpplatform.reward.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stpplatform.common.api.TaskName;
import org.stpplatform.reward.scoring.countdown.CountdownScorer;
import org.stpplatform.reward.scoring.gsm8k.Gsm8kScorer;
import org.stpplatform.reward.scoring.math.MathScorer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Golden values for REFERENCE mode: {@code scoring/reference-golden.json} holds generated
 * completions with the values that d1's Python reward functions ({@code diffu-grpo/reward_func.py}
 * and {@code math500_utils.py}, run under CPython 3) returned for them. Each reward function must
 * reproduce them exactly, apart from double rounding in the XML count.
 */
class ReferenceModeGoldenTest {

    private static final RewardScorer SCORER = new RewardScorer(ScoringMode.REFERENCE, Duration.ofSeconds(1));

    private static JsonNode golden;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = ReferenceModeGoldenTest.class.getResourceAsStream("/scoring/reference-golden.json")) {
            golden = JsonMapper.builder().build().readTree(in);
        }
    }

    @Test
    void gsm8kFunctionsMatchPython() {
        List<String> mismatches = new ArrayList<>();
        for (JsonNode row : golden.get("gsm8k")) {
            String completion = row.get("completion").asString();
            Score score = SCORER.score(TaskInstance.parse(TaskName.GSM8K, row.get("reference").asString()), completion);
            for (String function : List.of(Gsm8kScorer.CORRECTNESS, Gsm8kScorer.INTEGER_ANSWER,
                    Gsm8kScorer.STRICT_FORMAT, Gsm8kScorer.SOFT_FORMAT, Gsm8kScorer.XML_COUNT)) {
                double expected = row.get(function).asDouble();
                if (Math.abs(score.points(function) - expected) > 1e-12) {
                    mismatches.add(function + " " + score.points(function) + " != " + expected + " for " + quote(completion));
                }
            }
        }
        assertEquals(List.of(), mismatches);
        assertEquals(78, golden.get("gsm8k").size());
    }

    @Test
    void countdownScoreMatchesPython() {
        List<String> mismatches = new ArrayList<>();
        for (JsonNode row : golden.get("countdown")) {
            List<Integer> numbers = new ArrayList<>();
            row.get("numbers").forEach(n -> numbers.add(n.asInt()));
            String completion = row.get("completion").asString();
            Score score = SCORER.score(TaskInstance.countdown(numbers, row.get("target").asInt()), completion);
            double expected = row.get("score").asDouble();
            if (score.points(CountdownScorer.FUNCTION) != expected) {
                mismatches.add(score.points(CountdownScorer.FUNCTION) + " != " + expected + " for " + quote(completion)
                        + " " + numbers + " -> " + row.get("target").asInt() + " (" + score.detail() + ")");
            }
        }
        assertEquals(List.of(), mismatches);
        assertEquals(400, golden.get("countdown").size());
    }

    @Test
    void mathFunctionsMatchPython() {
        List<String> mismatches = new ArrayList<>();
        for (JsonNode row : golden.get("math")) {
            String completion = row.get("completion").asString();
            Score score = SCORER.score(TaskInstance.parse(TaskName.MATH, row.get("reference").asString()), completion);
            for (String function : List.of(MathScorer.CORRECTNESS, MathScorer.ANSWER_FORMAT)) {
                double expected = row.get(function).asDouble();
                if (score.points(function) != expected) {
                    mismatches.add(function + " " + score.points(function) + " != " + expected + " for "
                            + quote(completion) + " vs " + quote(row.get("reference").asString()));
                }
            }
        }
        assertEquals(List.of(), mismatches);
        assertEquals(300, golden.get("math").size());
    }

    private static String quote(String text) {
        return "'" + text.replace("\n", "\\n") + "'";
    }
}
