package org.stpplatform.common.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.UUID;

/** Acknowledges leased groups so that they are never delivered again; only the lease holder may. */
public record AckRequest(@NotEmpty List<@NotNull UUID> groupIds, @NotBlank String claimerId) {
}
