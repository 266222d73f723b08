package org.stpplatform.trainer.checkpoint;

import java.time.Instant;

/**
 * Checkpoint as listed by the REST API.
 *
 * @param step steps completed when written
 * @param policyVersion policy version of the weights
 * @param path checkpoint directory on the trainer's file system
 * @param sha256 SHA-256 of the weights file, lowercase hex
 * @param sizeBytes size of the weights file
 */
public record CheckpointView(long step, long policyVersion, String path, String sha256, long sizeBytes,
        Instant createdAt) {

    public static CheckpointView of(CheckpointEntity entity) {
        return new CheckpointView(entity.getStep(), entity.getPolicyVersion(), entity.getPath(), entity.getSha256(),
                entity.getSizeBytes(), entity.getCreatedAt());
    }
}
