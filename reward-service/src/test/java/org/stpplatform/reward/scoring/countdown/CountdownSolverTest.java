package org.stpplatform.reward.scoring.countdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.stpplatform.reward.scoring.Deadline;
import org.stpplatform.reward.scoring.Rational;

class CountdownSolverTest {

    @Test
    void solutionReachesTargetWithEachNumberOnce() throws Exception {
        List<Integer> numbers = List.of(88, 4, 32, 60);
        Optional<String> solution = CountdownSolver.solve(numbers, 30);
        assertTrue(solution.isPresent());
        CountdownExpression.Parsed parsed = CountdownExpression.parse(solution.get(), Deadline.none());
        assertEquals(Rational.of(30), parsed.value());
        assertEquals(numbers.stream().map(BigInteger::valueOf).sorted().toList(),
                parsed.literals().stream().sorted().toList());
    }

    @Test
    void usesExactDivision() throws Exception {
        Optional<String> solution = CountdownSolver.solve(List.of(1, 3, 3), 10);
        assertTrue(solution.isPresent());
        assertEquals(Rational.of(10), CountdownExpression.parse(solution.get(), Deadline.none()).value());
    }

    @Test
    void unsolvableInstanceIsEmpty() {
        assertEquals(Optional.empty(), CountdownSolver.solve(List.of(1, 1), 5));
        assertEquals(Optional.of("7"), CountdownSolver.solve(List.of(7), 7));
    }

    @Test
    void rejectsTooManyNumbers() {
        assertThrows(IllegalArgumentException.class, () -> CountdownSolver.solve(List.of(1, 2, 3, 4, 5, 6, 7), 5));
        assertThrows(IllegalArgumentException.class, () -> CountdownSolver.solve(List.of(), 5));
    }
}
