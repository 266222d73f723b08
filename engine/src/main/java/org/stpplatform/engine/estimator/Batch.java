package org.stpplatform.engine.estimator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.stpplatform.engine.sampling.Generation;

/**
 * Sequences whose log-likelihood is estimated.
 *
 * @param prompts B prompts, any lengths; never masked except by {@link Estimator#ONE_STEP}
 * @param completions B completions of N tokens each
 * @param completionLengths B values of L, 1 + the index of the first EOS, or N
 * @param anchors B arrays of N anchor flags, or null when no row has anchors
 */
public record Batch(List<int[]> prompts, List<int[]> completions, int[] completionLengths, List<boolean[]> anchors) {

    public Batch {
        Objects.requireNonNull(prompts, "prompts");
        Objects.requireNonNull(completions, "completions");
        Objects.requireNonNull(completionLengths, "completionLengths");
        int rows = prompts.size();
        if (rows == 0 || completions.size() != rows || completionLengths.length != rows
                || (anchors != null && anchors.size() != rows)) {
            throw new IllegalArgumentException("batch needs the same number (> 0) of prompts, completions, lengths"
                    + " and anchor rows, got " + rows + ", " + completions.size() + ", " + completionLengths.length
                    + " and " + (anchors == null ? "none" : anchors.size()));
        }
        int length = completions.get(0).length;
        for (int b = 0; b < rows; b++) {
            if (completions.get(b).length != length) {
                throw new IllegalArgumentException("completion " + b + " has " + completions.get(b).length
                        + " tokens but completion 0 has " + length + "; pad every completion to N");
            }
            if (completionLengths[b] < 1 || completionLengths[b] > length) {
                throw new IllegalArgumentException("completion length " + completionLengths[b] + " of row " + b
                        + " is outside [1, " + length + "]");
            }
            if (anchors != null && anchors.get(b) != null && anchors.get(b).length != length) {
                throw new IllegalArgumentException("anchor row " + b + " has " + anchors.get(b).length
                        + " flags for " + length + " completion positions");
            }
        }
        prompts = List.copyOf(prompts);
        completions = List.copyOf(completions);
        completionLengths = completionLengths.clone();
        anchors = anchors == null ? null : java.util.Collections.unmodifiableList(new ArrayList<>(anchors));
    }

    /** Builds a batch whose completion lengths are computed from the first EOS of each completion. */
    public static Batch of(List<int[]> prompts, List<int[]> completions, List<boolean[]> anchorsOrNull, int eosTokenId) {
        int[] lengths = new int[completions.size()];
        for (int b = 0; b < lengths.length; b++) {
            lengths[b] = Generation.completionLength(completions.get(b), eosTokenId);
        }
        return new Batch(prompts, completions, lengths, anchorsOrNull);
    }

    @Override
    public int[] completionLengths() {
        return completionLengths.clone();
    }

    public int size() {
        return prompts.size();
    }

    /** Returns N, the number of completion positions per row. */
    public int generationLength() {
        return completions.get(0).length;
    }

    public int completionLength(int row) {
        return completionLengths[row];
    }

    /** Returns true when position i of row b is an anchor. */
    public boolean isAnchor(int row, int position) {
        return anchors != null && anchors.get(row) != null && anchors.get(row)[position];
    }

    /** Returns the rows [from, to) as a batch. */
    public Batch slice(int from, int to) {
        int[] lengths = java.util.Arrays.copyOfRange(completionLengths, from, to);
        return new Batch(prompts.subList(from, to), completions.subList(from, to), lengths,
                anchors == null ? null : anchors.subList(from, to));
    }
}
