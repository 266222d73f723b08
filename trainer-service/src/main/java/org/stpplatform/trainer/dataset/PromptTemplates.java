package org.stpplatform.trainer.dataset;

import org.stpplatform.common.api.TaskName;

/**
 * Default system texts. Each requests the reasoning inside {@code <reasoning>} tags and the final
 * answer inside {@code <answer>} tags, which the reward functions parse.
 */
public final class PromptTemplates {

    private static final String FORMAT = "Respond in the following format:\n<reasoning>\n...\n</reasoning>\n"
            + "<answer>\n...\n</answer>";

    private PromptTemplates() {
    }

    /** Returns the default system text of a task. */
    public static String systemText(TaskName task) {
        return switch (task) {
            case GSM8K -> "You are a math expert. You will be given a question to solve. Solve it step by step. "
                    + "Wrap the final answer, a number only, in the answer tags.\n" + FORMAT;
            case MATH -> "You are a math expert. You will be given a question to solve. Solve it step by step. "
                    + "Put the final answer inside \\boxed{} within the answer tags.\n" + FORMAT;
            case COUNTDOWN -> "Using each given number exactly once and the operations + - * /, write an "
                    + "expression that equals the target. Show the intermediate results, then give only the "
                    + "expression in the answer tags.\n" + FORMAT;
        };
    }
}
