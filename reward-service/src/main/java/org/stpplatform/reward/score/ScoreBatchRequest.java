package org.stpplatform.reward.score;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.stpplatform.common.api.TaskName;

/**
 * Body of {@code POST /v1/score}.
 *
 * @param mode "strict" or "reference"; null uses the service's configured mode
 */
record ScoreBatchRequest(
        @NotNull TaskName task,
        String mode,
        @NotEmpty List<@NotNull @Valid ScoreItem> items) {

    /**
     * One completion and its reference. For countdown the numbers and target come either from the
     * {@code numbers}/{@code target} fields or from {@code reference} as {@code {"numbers":[..],"target":..}}.
     */
    record ScoreItem(
            @NotNull String completion,
            String reference,
            List<@NotNull Integer> numbers,
            Integer target) {
    }
}
