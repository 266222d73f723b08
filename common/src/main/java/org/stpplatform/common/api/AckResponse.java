package org.stpplatform.common.api;

/** Number of groups that the acknowledgement moved to the acknowledged state. */
public record AckResponse(int acknowledged) {
}
