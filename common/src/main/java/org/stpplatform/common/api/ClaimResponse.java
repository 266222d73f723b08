package org.stpplatform.common.api;

import java.time.Instant;
import java.util.List;

/** Groups leased by a claim; {@code leaseExpiresAt} applies to all of them. */
public record ClaimResponse(List<ScoredGroup> groups, Instant leaseExpiresAt) {
}
