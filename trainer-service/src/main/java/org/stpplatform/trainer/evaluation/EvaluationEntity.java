package org.stpplatform.trainer.evaluation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Stored greedy evaluation of one policy version at one generation length. */
@Entity
@Table(name = "evaluations")
public class EvaluationEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String runId;

    /** Steps completed when evaluated; 0 is the starting checkpoint. */
    private long step;
    private long policyVersion;
    private Long checkpointId;

    @Column(nullable = false)
    private String dataset;

    private int generationLength;
    private int blockLength;
    private int denoisingSteps;
    private double temperature;
    private long seed;

    @Column(nullable = false)
    private String hardware;

    private int sampleCount;
    private int correctCount;
    private int unparseableCount;
    private double accuracy;
    private double rewardMean;
    private double nfePerSample;
    private long durationMs;

    @Column(nullable = false)
    private Instant createdAt;

    protected EvaluationEntity() {
    }

    public EvaluationEntity(String runId, long step, long policyVersion, Long checkpointId,
            EvaluationResult result, Instant createdAt) {
        this.runId = runId;
        this.step = step;
        this.policyVersion = policyVersion;
        this.checkpointId = checkpointId;
        this.dataset = result.dataset();
        this.generationLength = result.generationLength();
        this.blockLength = result.blockLength();
        this.denoisingSteps = result.denoisingSteps();
        this.temperature = result.temperature();
        this.seed = result.seed();
        this.hardware = result.hardware();
        this.sampleCount = result.sampleCount();
        this.correctCount = result.correctCount();
        this.unparseableCount = result.unparseableCount();
        this.accuracy = result.accuracy();
        this.rewardMean = result.rewardMean();
        this.nfePerSample = result.nfePerSample();
        this.durationMs = result.durationMillis();
        this.createdAt = createdAt;
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

    public Long getCheckpointId() {
        return checkpointId;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public EvaluationResult toResult() {
        return new EvaluationResult(dataset, generationLength, blockLength, denoisingSteps, temperature, seed,
                hardware, sampleCount, correctCount, unparseableCount, accuracy, rewardMean, nfePerSample, durationMs);
    }
}
