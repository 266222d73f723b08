package org.stpplatform.trainer.dataset.countdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CountdownSolverTest {

    private final CountdownSolver solver = new CountdownSolver();

    @Test
    void solvesWithTraceInTaskFormat() {
        Optional<CountdownSolution> solution = solver.solve(new CountdownInstance(List.of(44, 19, 3), 75));

        assertThat(solution).isPresent();
        assertThat(solution.get().trace()).isEqualTo(
                "<reasoning>44-19=25, 25*3=75</reasoning><answer>(44-19)*3</answer>");
    }

    @Test
    void expressionEvaluatesToTargetUsingEveryNumberOnce() {
        CountdownInstance instance = new CountdownInstance(List.of(30, 100, 93), 23);

        CountdownSolution solution = solver.solve(instance).orElseThrow();

        assertThat(ExpressionEvaluator.evaluate(solution.expression())).isEqualTo(Rational.of(23));
        assertThat(ExpressionEvaluator.numbersIn(solution.expression())).containsExactlyInAnyOrder(30, 100, 93);
        assertThat(solution.steps()).hasSize(2);
    }

    @Test
    void unreachableTargetGivesEmpty() {
        assertThat(solver.solve(new CountdownInstance(List.of(1, 1, 1), 97))).isEmpty();
    }

    @Test
    void fractionalIntermediateUsedOnlyWhenNeeded() {
        // 8 / (3 - 8/3) = 24 is the only route: no solution with integer intermediates exists.
        CountdownInstance needsFraction = new CountdownInstance(List.of(3, 3, 8, 8), 24);

        CountdownSolution solution = solver.solve(needsFraction).orElseThrow();

        assertThat(ExpressionEvaluator.evaluate(solution.expression())).isEqualTo(Rational.of(24));
        assertThat(ExpressionEvaluator.numbersIn(solution.expression())).containsExactlyInAnyOrder(3, 3, 8, 8);
        assertThat(solution.trace()).contains("8/3");
    }

    @Test
    void reachableSolutionsMatchSolve() {
        List<Integer> numbers = List.of(12, 7, 5);
        Map<Long, CountdownSolution> reachable = solver.integerReachable(numbers);

        assertThat(reachable).containsKey(24L).containsKey(89L);
        for (Map.Entry<Long, CountdownSolution> entry : reachable.entrySet()) {
            CountdownSolution solved = solver.solve(new CountdownInstance(numbers, entry.getKey().intValue()))
                    .orElseThrow();
            assertThat(solved).as("target %d", entry.getKey()).isEqualTo(entry.getValue());
            assertThat(ExpressionEvaluator.evaluate(solved.expression())).isEqualTo(Rational.of(entry.getKey()));
        }
    }
}
