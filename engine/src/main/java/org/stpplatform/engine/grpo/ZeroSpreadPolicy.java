package org.stpplatform.engine.grpo;

/**
 * Handling of a group whose rewards are all equal. Its advantages are zero in every mode, so it
 * carries no policy gradient, only the KL term.
 */
public enum ZeroSpreadPolicy {
    /** Leave the group out of the loss and of the token count. */
    SKIP,
    /** Keep the group with zero advantages; its tokens still contribute the KL penalty. */
    KEEP
}
