package org.stpplatform.trainer.dataset.countdown;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Splits instances into training and held-out by a hash of the sorted numbers and the target, so
 * the split does not depend on the seed, the number order or the generator.
 *
 * @param heldOutFraction share of all possible problems that belong to the held-out split, in (0, 1)
 */
public record HeldOutSplit(double heldOutFraction) {

    /** The split used by the built-in model's training and evaluation. */
    public static final HeldOutSplit DEFAULT = new HeldOutSplit(0.1);

    private static final long BUCKETS = 1_000_000L;

    public HeldOutSplit {
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("heldOutFraction must be in (0, 1), got " + heldOutFraction);
        }
    }

    public boolean isHeldOut(CountdownInstance instance) {
        byte[] digest = sha256(instance.canonicalKey());
        long bucket = Long.remainderUnsigned(ByteBuffer.wrap(digest).getLong(), BUCKETS);
        return bucket < Math.round(heldOutFraction * BUCKETS);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
