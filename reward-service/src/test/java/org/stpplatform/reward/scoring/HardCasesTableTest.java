package org.stpplatform.reward.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stpplatform.common.api.ScoreOutcome;
import org.stpplatform.common.api.TaskName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Table of hard cases across the three tasks and both modes, read from
 * {@code scoring/hard-cases.json}: each row names the task, mode, completion and reference, the
 * expected outcome and, where given, the expected total.
 */
class HardCasesTableTest {

    private static final RewardScorer STRICT = new RewardScorer(ScoringMode.STRICT, Duration.ofSeconds(1));
    private static final RewardScorer REFERENCE = new RewardScorer(ScoringMode.REFERENCE, Duration.ofSeconds(1));

    record Case(String name, TaskName task, ScoringMode mode, String completion, String reference,
            ScoreOutcome outcome, Double total) {

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() throws IOException {
        try (InputStream in = HardCasesTableTest.class.getResourceAsStream("/scoring/hard-cases.json")) {
            JsonNode rows = JsonMapper.builder().build().readTree(in);
            List<Case> cases = new ArrayList<>();
            for (JsonNode row : rows) {
                cases.add(new Case(
                        row.get("name").asString(),
                        TaskName.fromWireName(row.get("task").asString()),
                        ScoringMode.valueOf(row.get("mode").asString().toUpperCase(Locale.ROOT)),
                        row.get("completion").asString(),
                        row.get("reference").asString(),
                        ScoreOutcome.valueOf(row.get("outcome").asString()),
                        row.has("total") ? row.get("total").asDouble() : null));
            }
            return cases;
        }
    }

    static Stream<Case> caseStream() throws IOException {
        return cases().stream();
    }

    @Test
    void tableHasEnoughCasesPerTask() throws IOException {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 80, "only " + cases.size() + " cases");
        for (TaskName task : TaskName.values()) {
            long count = cases.stream().filter(c -> c.task() == task).count();
            assertTrue(count >= 20, task + " has only " + count + " cases");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseStream")
    void caseScoresAsExpected(Case c) {
        RewardScorer scorer = c.mode() == ScoringMode.STRICT ? STRICT : REFERENCE;
        Score score = scorer.score(TaskInstance.parse(c.task(), c.reference()), c.completion());
        assertEquals(c.outcome(), score.outcome(), () -> "detail: " + score.detail());
        if (c.total() != null) {
            assertEquals(c.total(), score.total(), 1e-9, () -> "breakdown: " + score.breakdown());
        }
    }
}
