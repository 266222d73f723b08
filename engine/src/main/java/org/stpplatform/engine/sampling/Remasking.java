package org.stpplatform.engine.sampling;

/** Order in which a decoding step commits the masked positions of the current block. */
public enum Remasking {
    /** Commits the positions whose sampled token has the highest softmax probability. */
    LOW_CONFIDENCE,
    /** Commits positions in a uniformly random order. */
    RANDOM
}
