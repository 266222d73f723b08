package org.stpplatform.engine.sampling;

import java.util.Arrays;
import java.util.Objects;

/**
 * Starting state of the N completion positions of one sequence. Anchors contain a fixed token
 * and every other position contains the MASK id.
 *
 * @param tokens N token ids: the anchor token at anchors, the MASK id elsewhere
 * @param anchors N flags, true where the token is an anchor that decoding never changes
 */
public record Canvas(int[] tokens, boolean[] anchors) {

    public Canvas {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(anchors, "anchors");
        if (tokens.length != anchors.length) {
            throw new IllegalArgumentException("canvas has " + tokens.length + " tokens but "
                    + anchors.length + " anchor flags; give one flag per completion position");
        }
        tokens = tokens.clone();
        anchors = anchors.clone();
    }

    /** Returns a canvas of {@code length} MASK positions and no anchors. */
    public static Canvas allMasked(int length, int maskTokenId) {
        int[] tokens = new int[length];
        Arrays.fill(tokens, maskTokenId);
        return new Canvas(tokens, new boolean[length]);
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    @Override
    public boolean[] anchors() {
        return anchors.clone();
    }

    public int length() {
        return tokens.length;
    }

    public int anchorCount() {
        int count = 0;
        for (boolean anchor : anchors) {
            if (anchor) {
                count++;
            }
        }
        return count;
    }

    /**
     * Checks that anchors hold a real token and free positions hold MASK.
     *
     * @throws IllegalArgumentException naming the first inconsistent position
     */
    public void validate(int maskTokenId, int vocabularySize) {
        for (int i = 0; i < tokens.length; i++) {
            if (anchors[i] && (tokens[i] == maskTokenId || tokens[i] < 0 || tokens[i] >= vocabularySize)) {
                throw new IllegalArgumentException("canvas anchor at position " + i + " contains token "
                        + tokens[i] + "; an anchor needs a vocabulary id other than MASK " + maskTokenId);
            }
            if (!anchors[i] && tokens[i] != maskTokenId) {
                throw new IllegalArgumentException("canvas position " + i + " is not an anchor but contains token "
                        + tokens[i] + "; free positions must hold MASK " + maskTokenId);
            }
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Canvas that
                && Arrays.equals(tokens, that.tokens) && Arrays.equals(anchors, that.anchors);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(tokens) + Arrays.hashCode(anchors);
    }

    @Override
    public String toString() {
        return "Canvas[length=" + tokens.length + ", anchors=" + anchorCount() + "]";
    }
}
