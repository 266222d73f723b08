package org.stpplatform.engine.model;

import java.util.List;
import java.util.Set;

/**
 * Low-rank adapter settings (LoRA, Hu et al. 2021): each targeted projection {@code W} gains
 * {@code (alpha / rank) * B A} with {@code A} of shape [rank, in] and {@code B} of shape [out, rank].
 *
 * @param rank r, the inner width of the adapter
 * @param alpha scale numerator, so that the adapter output is multiplied by {@code alpha / rank}
 * @param dropout dropout probability on the adapter input, applied only in training mode
 * @param targets projection names among {@link #SUPPORTED_TARGETS}
 */
public record LoraConfig(int rank, double alpha, double dropout, Set<String> targets) {

    /** Projections inside a transformer block that can carry an adapter. */
    public static final List<String> SUPPORTED_TARGETS =
            List.of("q_proj", "k_proj", "v_proj", "attn_out", "ff_proj", "up_proj", "ff_out");

    public LoraConfig {
        if (rank <= 0) {
            throw new IllegalArgumentException("LoRA rank must be positive, got " + rank);
        }
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("LoRA alpha must be positive, got " + alpha);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("LoRA dropout must be in [0, 1), got " + dropout);
        }
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException(
                    "LoRA targets must name at least one of " + SUPPORTED_TARGETS);
        }
        for (String target : targets) {
            if (!SUPPORTED_TARGETS.contains(target)) {
                throw new IllegalArgumentException("unknown LoRA target '" + target
                        + "'; supported targets are " + SUPPORTED_TARGETS);
            }
        }
        targets = Set.copyOf(targets);
    }

    /** Returns the factor {@code alpha / rank} that multiplies the adapter output. */
    public double scale() {
        return alpha / rank;
    }

    /** Returns a config that adapts every supported projection. */
    public static LoraConfig allProjections(int rank, double alpha, double dropout) {
        return new LoraConfig(rank, alpha, dropout, allProjectionsTargets());
    }

    /** Returns every supported target, for configs that adapt all projections. */
    public static Set<String> allProjectionsTargets() {
        return Set.copyOf(SUPPORTED_TARGETS);
    }
}
