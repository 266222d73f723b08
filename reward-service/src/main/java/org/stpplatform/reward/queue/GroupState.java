package org.stpplatform.reward.queue;

/** Delivery state of a stored group. */
enum GroupState {
    /** Scored and waiting for a claim. */
    PENDING,
    /**
     * Delivered to a claimer until {@code lease_expires_at}. Until then only that claimer can claim
     * it again, and after that any claimer can.
     */
    LEASED,
    /** Acknowledged by its lease holder; never delivered again. */
    ACKED
}
