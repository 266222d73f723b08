package org.stpplatform.reward.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.stpplatform.common.api.ScoreOutcome;
import org.stpplatform.common.api.TaskName;
import org.stpplatform.reward.scoring.countdown.CountdownSolver;
import org.stpplatform.testsupport.PublicDatasets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scores every gold answer of the public GSM8K test set and MATH500, written as a model writes
 * them, and a solver's solution of every Countdown test instance; each must be CORRECT in strict
 * mode. Skips when the public datasets are absent.
 */
class PublicDatasetScoringTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final RewardScorer scorer = new RewardScorer(ScoringMode.STRICT, Duration.ofSeconds(1));

    private static List<JsonNode> readJsonLines(String name) throws IOException {
        Optional<Path> file = PublicDatasets.file(name);
        Assumptions.assumeTrue(file.isPresent(), PublicDatasets.MISSING_MESSAGE + " (" + name + ")");
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file.get())) {
            if (!line.isBlank()) {
                rows.add(JSON.readTree(line));
            }
        }
        return rows;
    }

    @Test
    void gsm8kGoldAnswersInAnswerTags() throws IOException {
        List<JsonNode> rows = readJsonLines("gsm8k_test.jsonl");
        assertEquals(1319, rows.size());
        List<String> failures = new ArrayList<>();
        for (JsonNode row : rows) {
            String solution = row.get("answer").asString();
            String gold = solution.substring(solution.lastIndexOf("####") + 4).strip();
            String completion = "<reasoning>\n" + solution.substring(0, solution.lastIndexOf("####")).strip()
                    + "\n</reasoning>\n<answer>\n" + gold + "\n</answer>\n";
            Score score = scorer.score(TaskInstance.parse(TaskName.GSM8K, solution), completion);
            if (score.outcome() != ScoreOutcome.CORRECT || score.total() < 3.99) {
                failures.add(gold + " -> " + score);
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void mathGoldAnswersInBoxes() throws IOException {
        List<JsonNode> rows = readJsonLines("math500_test_prm800k.jsonl");
        assertEquals(500, rows.size());
        List<String> failures = new ArrayList<>();
        for (JsonNode row : rows) {
            String gold = row.get("answer").asString();
            String completion = "<reasoning>\nWork.\n</reasoning>\n<answer>\nThe answer is $\\boxed{" + gold
                    + "}$.\n</answer>";
            Score score = scorer.score(TaskInstance.parse(TaskName.MATH, gold), completion);
            if (score.outcome() != ScoreOutcome.CORRECT || score.total() != 3.0) {
                failures.add(gold + " -> " + score);
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void mathGoldAnswersMatchTheirSolutionBoxes() throws IOException {
        List<JsonNode> rows = readJsonLines("math500_test_prm800k.jsonl");
        List<String> failures = new ArrayList<>();
        for (JsonNode row : rows) {
            String gold = row.get("answer").asString();
            String solution = row.get("solution").asString();
            Score score = scorer.score(TaskInstance.parse(TaskName.MATH, gold), solution);
            if (score.outcome() != ScoreOutcome.CORRECT) {
                failures.add(gold + " -> " + score.outcome() + " " + score.detail());
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void countdownSolverSolutionsScoreCorrect() throws IOException {
        List<JsonNode> rows = readJsonLines("countdown_cd3_test_d1.jsonl");
        assertEquals(256, rows.size());
        List<String> failures = new ArrayList<>();
        for (JsonNode row : rows) {
            List<Integer> numbers = Arrays.stream(row.get("input").asString().split(","))
                    .map(String::strip).map(Integer::parseInt).toList();
            int target = Integer.parseInt(row.get("output").asString().strip());
            Optional<String> solution = CountdownSolver.solve(numbers, target);
            if (solution.isEmpty()) {
                failures.add(numbers + " -> " + target + ": no solution found");
                continue;
            }
            String completion = "<reasoning>\nSearch.\n</reasoning>\n<answer>\n" + solution.get() + "\n</answer>\n";
            Score score = scorer.score(TaskInstance.countdown(numbers, target), completion);
            if (score.outcome() != ScoreOutcome.CORRECT || score.total() != 1.0) {
                failures.add(numbers + " -> " + target + ": " + solution.get() + " " + score);
            }
        }
        assertEquals(List.of(), failures);
    }
}
