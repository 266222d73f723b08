package org.stpplatform.trainer.run;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Stored run: its configuration (JSON, defaults applied), state and progress. */
@Entity
@Table(name = "runs")
public class RunEntity {

    @Id
    private String id;

    private String name;

    @Column(nullable = false)
    private String task;

    @Column(nullable = false)
    private String algorithm;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private RunState state;

    private String statusDetail;

    @Column(name = "config_json", nullable = false)
    private String configJson;

    /** Number of completed steps; the next step to run is {@code currentStep + 1}. */
    private long currentStep;

    private long totalSteps;

    /** Policy version of the starting weights as pushed to the replicas; step s trains version base + s - 1. */
    private Long basePolicyVersion;

    /** Policy version of the newest weights the replicas confirmed. */
    private Long policyVersion;

    private Long lastCheckpointStep;

    private long groupsDroppedStale;

    @Column(nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private Instant updatedAt;

    private Instant startedAt;

    private Instant finishedAt;

    protected RunEntity() {
    }

    public RunEntity(String id, String name, String task, String algorithm, String configJson,
            long totalSteps, Instant now) {
        this.id = id;
        this.name = name;
        this.task = task;
        this.algorithm = algorithm;
        this.configJson = configJson;
        this.totalSteps = totalSteps;
        this.state = RunState.CREATED;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getTask() {
        return task;
    }

    public String getAlgorithm() {
        return algorithm;
    }

    public RunState getState() {
        return state;
    }

    public String getStatusDetail() {
        return statusDetail;
    }

    public String getConfigJson() {
        return configJson;
    }

    public long getCurrentStep() {
        return currentStep;
    }

    public long getTotalSteps() {
        return totalSteps;
    }

    public Long getBasePolicyVersion() {
        return basePolicyVersion;
    }

    public Long getPolicyVersion() {
        return policyVersion;
    }

    public Long getLastCheckpointStep() {
        return lastCheckpointStep;
    }

    public long getGroupsDroppedStale() {
        return groupsDroppedStale;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    /** Sets the state and its human-readable detail, stamping start and finish times. */
    public void transitionTo(RunState newState, String detail, Instant now) {
        this.state = newState;
        this.statusDetail = detail;
        this.updatedAt = now;
        if (newState == RunState.RUNNING && startedAt == null) {
            startedAt = now;
        }
        if (newState.isTerminal()) {
            finishedAt = now;
        }
    }

    public void setStatusDetail(String statusDetail, Instant now) {
        this.statusDetail = statusDetail;
        this.updatedAt = now;
    }

    public void setBasePolicyVersion(Long basePolicyVersion) {
        this.basePolicyVersion = basePolicyVersion;
    }

    /** Records a completed step and the policy version the replicas now serve. */
    public void recordStep(long step, long newPolicyVersion, int droppedStale, Instant now) {
        this.currentStep = step;
        this.policyVersion = newPolicyVersion;
        this.groupsDroppedStale += droppedStale;
        this.updatedAt = now;
    }

    /** Rolls progress back to a checkpoint, for a resume. */
    public void rewindTo(long step, Long checkpointStep, Long version, Instant now) {
        this.currentStep = step;
        this.lastCheckpointStep = checkpointStep;
        this.policyVersion = version;
        this.updatedAt = now;
    }

    public void setLastCheckpointStep(Long lastCheckpointStep) {
        this.lastCheckpointStep = lastCheckpointStep;
    }

    public void setPolicyVersion(Long policyVersion) {
        this.policyVersion = policyVersion;
    }
}
