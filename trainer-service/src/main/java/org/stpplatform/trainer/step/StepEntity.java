package org.stpplatform.trainer.step;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Stored metrics of one completed RL step. */
@Entity
@Table(name = "run_steps")
public class StepEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String runId;

    private long step;
    private long policyVersion;
    private int groupsUsed;
    private int groupsDroppedStale;
    private double rewardMean;
    private double rewardStd;
    private double accuracy;
    private double loss;
    private double kl;
    private double clipFraction;
    private double zeroSpreadFraction;
    private Double estimatorVariance;
    private Double unprunedEstimatorVariance;
    private double nfePerSample;
    private double earlyExitRate;
    private double anchorFraction;
    private double policyVersionLag;
    private long rolloutMs;
    private long scoringMs;
    private long updateMs;
    private long pushMs;

    @Column(nullable = false)
    private Instant createdAt;

    protected StepEntity() {
    }

    public StepEntity(String runId, StepMetrics metrics, Instant createdAt) {
        this.runId = runId;
        this.step = metrics.step();
        this.policyVersion = metrics.policyVersion();
        this.groupsUsed = metrics.groupsUsed();
        this.groupsDroppedStale = metrics.groupsDroppedStale();
        this.rewardMean = metrics.rewardMean();
        this.rewardStd = metrics.rewardStd();
        this.accuracy = metrics.accuracy();
        this.loss = metrics.loss();
        this.kl = metrics.kl();
        this.clipFraction = metrics.clipFraction();
        this.zeroSpreadFraction = metrics.zeroSpreadFraction();
        this.estimatorVariance = metrics.estimatorVariance();
        this.unprunedEstimatorVariance = metrics.unprunedEstimatorVariance();
        this.nfePerSample = metrics.nfePerSample();
        this.earlyExitRate = metrics.earlyExitRate();
        this.anchorFraction = metrics.anchorFraction();
        this.policyVersionLag = metrics.policyVersionLag();
        this.rolloutMs = metrics.rolloutMillis();
        this.scoringMs = metrics.scoringMillis();
        this.updateMs = metrics.updateMillis();
        this.pushMs = metrics.pushMillis();
        this.createdAt = createdAt;
    }

    public String getRunId() {
        return runId;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    /** Returns the stored values as the metrics record. */
    public StepMetrics toMetrics() {
        return new StepMetrics(step, policyVersion, groupsUsed, groupsDroppedStale, rewardMean, rewardStd,
                accuracy, loss, kl, clipFraction, zeroSpreadFraction, estimatorVariance, unprunedEstimatorVariance,
                nfePerSample, earlyExitRate, anchorFraction, policyVersionLag, rolloutMs, scoringMs, updateMs, pushMs);
    }
}
