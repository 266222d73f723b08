package org.stpplatform.reward.queue;

/** Delivery state of a stored group. */
enum GroupState {
    /** Scored and waiting for a claim. */
    PENDING,
    /** Delivered to a claimer until {@code lease_expires_at}; claimable again after that. */
    LEASED,
    /** Acknowledged by its lease holder; never delivered again. */
    ACKED
}
