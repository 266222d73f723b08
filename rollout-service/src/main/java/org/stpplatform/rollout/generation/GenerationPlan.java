package org.stpplatform.rollout.generation;

import java.util.List;
import java.util.Objects;
import org.stpplatform.engine.sampling.DecodingSettings;

/**
 * A request's sequences, ready to queue.
 *
 * @param requestId id used in logs and error messages
 * @param sequences prompts repeated G times, groups contiguous
 * @param settings decoding settings of every sequence; their seed is ignored in favour of {@code seed}
 * @param seed sampling seed; null lets the service choose one and allows the request to share a
 *     batch with other unseeded requests of equal settings
 * @param expectedPolicyVersion version the caller requires; null accepts the served one
 */
public record GenerationPlan(
        String requestId,
        List<SequenceInput> sequences,
        DecodingSettings settings,
        Long seed,
        Long expectedPolicyVersion) {

    public GenerationPlan {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(settings, "settings");
        sequences = List.copyOf(sequences);
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("a generation plan needs at least one sequence");
        }
    }
}
