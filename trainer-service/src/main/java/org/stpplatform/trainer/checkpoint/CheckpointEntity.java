package org.stpplatform.trainer.checkpoint;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Stored checkpoint: a directory with weights, optimizer state and RNG state, and the weights' SHA-256. */
@Entity
@Table(name = "checkpoints")
public class CheckpointEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String runId;

    private long step;
    private long policyVersion;

    @Column(nullable = false)
    private String path;

    /** SHA-256 of the weights file, lowercase hex. */
    @Column(nullable = false)
    private String sha256;

    private long sizeBytes;

    @Column(nullable = false)
    private Instant createdAt;

    protected CheckpointEntity() {
    }

    public CheckpointEntity(String runId, long step, long policyVersion, String path, String sha256,
            long sizeBytes, Instant createdAt) {
        this.runId = runId;
        this.step = step;
        this.policyVersion = policyVersion;
        this.path = path;
        this.sha256 = sha256;
        this.sizeBytes = sizeBytes;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public String getRunId() {
        return runId;
    }

    public long getStep() {
        return step;
    }

    public long getPolicyVersion() {
        return policyVersion;
    }

    public String getPath() {
        return path;
    }

    public String getSha256() {
        return sha256;
    }

    public long getSizeBytes() {
        return sizeBytes;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
