package org.stpplatform.trainer.sft;

import java.util.Locale;
import org.stpplatform.trainer.dataset.countdown.CountdownSolution;

/**
 * A systematic error written into a share of the supervised traces, so that the base checkpoint has
 * a flaw that reinforcement learning with the Countdown reward can find and remove.
 *
 * <p>Both flaws keep the reasoning intact and cost reward only through the answer block:
 * {@link #NO_ANSWER} scores 0 instead of 0.1 or 1.0, and {@link #NO_PARENTHESES} turns a correct
 * answer into a wrong one (0.1) whenever operator precedence changes its value, as in
 * {@code (44-19)*3} written {@code 44-19*3}.
 */
public enum TraceFlaw {

    /** Every trace is the solver's. */
    NONE,

    /** The trace stops after the reasoning, with no answer block: {@code <reasoning>...</reasoning>}. */
    NO_ANSWER,

    /** The answer expression loses all its parentheses. */
    NO_PARENTHESES;

    /** Returns the completion text of {@code solution} with this flaw applied. */
    public String apply(CountdownSolution solution) {
        return switch (this) {
            case NONE -> solution.trace();
            case NO_ANSWER -> solution.reasoning();
            case NO_PARENTHESES -> new CountdownSolution(
                    solution.expression().replace("(", "").replace(")", ""), solution.steps()).trace();
        };
    }

    /** The command-line spelling, e.g. {@code no-answer}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code none}, {@code no-answer} or {@code no-parentheses}. */
    public static TraceFlaw parse(String text) {
        for (TraceFlaw flaw : values()) {
            if (flaw.label().equals(text)) {
                return flaw;
            }
        }
        throw new IllegalArgumentException("unknown trace flaw '" + text + "'; use none, no-answer or no-parentheses");
    }
}
