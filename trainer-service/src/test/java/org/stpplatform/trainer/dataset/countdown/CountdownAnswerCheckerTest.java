package org.stpplatform.trainer.dataset.countdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.stpplatform.testsupport.PublicDatasets;

class CountdownAnswerCheckerTest {

    private final CountdownInstance instance = new CountdownInstance(List.of(44, 19, 3), 75);

    @Test
    void correctTraceAccepted() {
        assertThat(CountdownAnswerChecker.isCorrect(instance,
                "<reasoning>44-19=25, 25*3=75</reasoning><answer>(44-19)*3</answer>")).isTrue();
        assertThat(CountdownAnswerChecker.isCorrect(instance, "<answer> 3 * (44 - 19) </answer>")).isTrue();
    }

    @Test
    void lastAnswerCounts() {
        assertThat(CountdownAnswerChecker.isCorrect(instance,
                "<answer>44+19+3</answer> then <answer>(44-19)*3</answer>")).isTrue();
        assertThat(CountdownAnswerChecker.isCorrect(instance,
                "<answer>(44-19)*3</answer> then <answer>44+19+3</answer>")).isFalse();
    }

    @Test
    void wrongValueOrNumbersRejected() {
        assertThat(CountdownAnswerChecker.isCorrect(instance, "<answer>44+19+3</answer>")).isFalse();
        assertThat(CountdownAnswerChecker.isCorrect(instance, "<answer>(44-19)*3*1</answer>")).isFalse();
        assertThat(CountdownAnswerChecker.isCorrect(instance, "<answer>75</answer>")).isFalse();
        assertThat(CountdownAnswerChecker.isCorrect(instance, "<answer>(44-19)*3")).isFalse();
    }

    @Test
    void malformedExpressionsRejected() {
        assertThat(CountdownAnswerChecker.isCorrect(instance, "<answer>(44-19*3</answer>")).isFalse();
        assertThat(CountdownAnswerChecker.isCorrect(instance, "<answer>44/(19-19)*3</answer>")).isFalse();
        assertThat(CountdownAnswerChecker.isCorrect(instance, "<answer>" + "(".repeat(5000) + "</answer>")).isFalse();
        assertThat(CountdownAnswerChecker.isCorrect(instance, "<answer>__import__('os')</answer>")).isFalse();
    }

    @Test
    void solverSolvesEveryPublicTestInstance() throws Exception {
        Optional<Path> file = PublicDatasets.file("countdown_cd3_test_d1.jsonl");
        assumeTrue(file.isPresent(), PublicDatasets.MISSING_MESSAGE);
        List<CountdownInstance> instances = CountdownJsonl.read(file.get());
        CountdownSolver solver = new CountdownSolver();

        assertThat(instances).hasSize(256);
        for (CountdownInstance test : instances) {
            CountdownSolution solution = solver.solve(test).orElse(null);
            assertThat(solution).as("solution of %s", test).isNotNull();
            assertThat(CountdownAnswerChecker.isCorrect(test, solution.trace())).as(solution.trace()).isTrue();
        }
    }
}
