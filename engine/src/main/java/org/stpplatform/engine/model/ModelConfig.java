package org.stpplatform.engine.model;

/**
 * Sizes of a LLaDA-architecture masked diffusion transformer.
 *
 * @param vocabularySize V, including the special tokens
 * @param modelWidth E, the residual stream width
 * @param layerCount number of transformer blocks
 * @param headCount attention heads; {@code modelWidth} must be a multiple of it
 * @param feedForwardWidth hidden width of the SwiGLU feed-forward network
 * @param ropeTheta base of the rotary position embedding frequencies
 * @param maxSequenceLength longest prompt plus completion, in tokens
 * @param rmsNormEpsilon epsilon inside the RMSNorm square root
 * @param maskTokenId id of the MASK token
 * @param eosTokenId id of the end-of-sequence token, also used as padding
 */
public record ModelConfig(
        int vocabularySize,
        int modelWidth,
        int layerCount,
        int headCount,
        int feedForwardWidth,
        double ropeTheta,
        int maxSequenceLength,
        double rmsNormEpsilon,
        int maskTokenId,
        int eosTokenId) {

    public ModelConfig {
        requirePositive("vocabularySize", vocabularySize);
        requirePositive("modelWidth", modelWidth);
        requirePositive("layerCount", layerCount);
        requirePositive("headCount", headCount);
        requirePositive("feedForwardWidth", feedForwardWidth);
        requirePositive("maxSequenceLength", maxSequenceLength);
        if (modelWidth % headCount != 0) {
            throw new IllegalArgumentException("modelWidth " + modelWidth
                    + " is not a multiple of headCount " + headCount + "; change one of them");
        }
        if ((modelWidth / headCount) % 2 != 0) {
            throw new IllegalArgumentException("head width " + modelWidth / headCount
                    + " is odd; rotary embeddings need an even head width");
        }
        if (maskTokenId < 0 || maskTokenId >= vocabularySize) {
            throw new IllegalArgumentException("maskTokenId " + maskTokenId
                    + " is outside the vocabulary [0, " + vocabularySize + ")");
        }
        if (eosTokenId < 0 || eosTokenId >= vocabularySize) {
            throw new IllegalArgumentException("eosTokenId " + eosTokenId
                    + " is outside the vocabulary [0, " + vocabularySize + ")");
        }
        if (!(ropeTheta > 0) || !(rmsNormEpsilon > 0)) {
            throw new IllegalArgumentException("ropeTheta and rmsNormEpsilon must be positive, got "
                    + ropeTheta + " and " + rmsNormEpsilon);
        }
    }

    /** Returns the width of one attention head. */
    public int headWidth() {
        return modelWidth / headCount;
    }

    /** Returns LLaDA-8B-Instruct's configuration as published with its Hugging Face checkpoint. */
    public static ModelConfig llada8b() {
        return new ModelConfig(126464, 4096, 32, 32, 12288, 500000.0, 4096, 1e-5, 126336, 126081);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
