package org.stpplatform.trainer.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stpplatform.common.api.ScoredCompletion;
import org.stpplatform.reward.scoring.RewardScorer;
import org.stpplatform.reward.scoring.Score;
import org.stpplatform.reward.scoring.ScoringMode;
import org.stpplatform.reward.scoring.TaskInstance;
import org.stpplatform.trainer.client.RolloutApi.Completion;
import org.stpplatform.trainer.evaluation.EvaluationResult;

class EvaluatorTest {

    private static final RewardScorer SCORER = new RewardScorer(ScoringMode.STRICT, Duration.ofSeconds(1));

    /** Scores each text with the reward service's Countdown scorer for numbers 3, 5, 7 and target 22. */
    private static List<ScoredCompletion> scoreCountdown(List<String> texts) {
        TaskInstance instance = TaskInstance.countdown(List.of(3, 5, 7), 22);
        List<ScoredCompletion> scores = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            Score score = SCORER.score(instance, texts.get(i));
            scores.add(new ScoredCompletion(i, texts.get(i), score.total(), score.breakdown(), score.outcome(),
                    score.detail()));
        }
        return scores;
    }

    private static Completion completion(String text, int nfe) {
        return new Completion(text, List.of(), List.of(), nfe, false, 0, null);
    }

    @Test
    void summarizeCountsUnparseableCompletions() {
        List<String> texts = List.of(
                "<answer>3*5+7</answer>",
                "<answer>3+5+7</answer>",
                "3*5+7 = 22",
                "<answer>3*5+7",
                "<answer>3*/5</answer>");
        List<Completion> completions = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            completions.add(completion(texts.get(i), 10 * (i + 1)));
        }

        EvaluationResult result = Evaluator.summarize("countdown test", 32, 32, 16, 7, "cpu",
                scoreCountdown(texts), completions, 5);

        assertThat(result.sampleCount()).isEqualTo(5);
        assertThat(result.correctCount()).isEqualTo(1);
        assertThat(result.unparseableCount()).as("no tag, unclosed tag and invalid expression").isEqualTo(3);
        assertThat(result.accuracy()).isEqualTo(0.2);
        assertThat(result.rewardMean()).isCloseTo((1.0 + 0.1 + 0.0 + 0.0 + 0.1) / 5, within(1e-12));
        assertThat(result.nfePerSample()).isEqualTo(30.0);
        assertThat(result.temperature()).isZero();
    }

    @Test
    void summarizeWithoutScoresIsZero() {
        EvaluationResult result = Evaluator.summarize("empty", 32, 32, 16, 7, "cpu", List.of(), List.of(), 0);

        assertThat(result.sampleCount()).isZero();
        assertThat(result.unparseableCount()).isZero();
        assertThat(result.accuracy()).isZero();
        assertThat(result.rewardMean()).isZero();
    }
}
