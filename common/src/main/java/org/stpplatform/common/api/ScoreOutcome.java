package org.stpplatform.common.api;

/**
 * Typed result of scoring one completion, so that a failure is never silently a zero reward.
 * The outcome refers to correctness only; format rewards may still be non-zero for WRONG.
 */
public enum ScoreOutcome {
    /** The answer is equivalent to the reference. */
    CORRECT,
    /** An answer was found and parsed but differs from the reference. */
    WRONG,
    /** No answer could be extracted or parsed from the completion. */
    UNPARSEABLE,
    /** Scoring ran past its per-item deadline. */
    TIMEOUT,
    /** Scoring failed with an unexpected error; the detail names the failure. */
    ERROR
}
