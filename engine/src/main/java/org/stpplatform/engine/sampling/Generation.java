package org.stpplatform.engine.sampling;

/**
 * One decoded completion.
 *
 * @param tokens N completion token ids
 * @param stepMap N entries: the 0-based index of this sequence's forward pass that committed the
 *     position, or -1 for an anchor
 * @param nfe number of forward passes this sequence took part in, including the early-exit fill
 * @param earlyExit true when the sequence stopped at K_stop and the fill pass decided the rest
 * @param anchorCount anchors of the canvas the sequence started from
 * @param completionLength L, 1 + the index of the first EOS, or N without EOS
 */
public record Generation(
        int[] tokens, int[] stepMap, int nfe, boolean earlyExit, int anchorCount, int completionLength) {

    /** Stand-in step map value of an anchor position. */
    public static final int ANCHOR_STEP = -1;

    /** Returns L = 1 + the index of the first {@code eosTokenId}, or the length when absent. */
    public static int completionLength(int[] tokens, int eosTokenId) {
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] == eosTokenId) {
                return i + 1;
            }
        }
        return tokens.length;
    }
}
