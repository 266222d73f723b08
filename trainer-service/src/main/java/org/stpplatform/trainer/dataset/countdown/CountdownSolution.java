package org.stpplatform.trainer.dataset.countdown;

import java.util.List;

/**
 * A solution of a Countdown instance.
 *
 * @param expression the arithmetic expression, every number used once, e.g. {@code (44-19)*3}
 * @param steps the intermediate equations in evaluation order, e.g. {@code [44-19=25, 25*3=75]}
 */
public record CountdownSolution(String expression, List<String> steps) {

    public CountdownSolution {
        steps = List.copyOf(steps);
    }

    /**
     * Returns the completion in the task format:
     * {@code <reasoning>44-19=25, 25*3=75</reasoning><answer>(44-19)*3</answer>}.
     */
    public String trace() {
        return reasoning() + "<answer>" + expression + "</answer>";
    }

    /** Returns the reasoning block alone: {@code <reasoning>44-19=25, 25*3=75</reasoning>}. */
    public String reasoning() {
        return "<reasoning>" + String.join(", ", steps) + "</reasoning>";
    }
}
