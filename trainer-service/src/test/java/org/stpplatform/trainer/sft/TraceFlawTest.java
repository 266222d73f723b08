package org.stpplatform.trainer.sft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stpplatform.trainer.dataset.countdown.CountdownAnswerChecker;
import org.stpplatform.trainer.dataset.countdown.CountdownInstance;
import org.stpplatform.trainer.dataset.countdown.CountdownSolution;

class TraceFlawTest {

    private static final CountdownInstance INSTANCE = new CountdownInstance(List.of(44, 19, 3), 75);
    private static final CountdownSolution SOLUTION = new CountdownSolution("(44-19)*3", List.of("44-19=25", "25*3=75"));

    @Test
    void noneKeepsSolverTrace() {
        String trace = TraceFlaw.NONE.apply(SOLUTION);

        assertThat(trace).isEqualTo(SOLUTION.trace());
        assertThat(CountdownAnswerChecker.isCorrect(INSTANCE, trace)).isTrue();
    }

    @Test
    void noAnswerDropsAnswerBlock() {
        String trace = TraceFlaw.NO_ANSWER.apply(SOLUTION);

        assertThat(trace).isEqualTo("<reasoning>44-19=25, 25*3=75</reasoning>");
        assertThat(CountdownAnswerChecker.lastAnswer(trace)).isNull();
    }

    @Test
    void noParenthesesBreaksPrecedence() {
        String trace = TraceFlaw.NO_PARENTHESES.apply(SOLUTION);

        assertThat(trace).endsWith("<answer>44-19*3</answer>");
        assertThat(CountdownAnswerChecker.isCorrect(INSTANCE, trace)).isFalse();
        CountdownSolution sum = new CountdownSolution("(4+5)+6", List.of("4+5=9", "9+6=15"));
        assertThat(CountdownAnswerChecker.isCorrect(new CountdownInstance(List.of(4, 5, 6), 15),
                TraceFlaw.NO_PARENTHESES.apply(sum))).isTrue();
    }

    @Test
    void labelsRoundTrip() {
        for (TraceFlaw flaw : TraceFlaw.values()) {
            assertThat(TraceFlaw.parse(flaw.label())).isEqualTo(flaw);
        }
        assertThatThrownBy(() -> TraceFlaw.parse("no_answer"))
                .hasMessageContaining("use none, no-answer or no-parentheses");
    }
}
