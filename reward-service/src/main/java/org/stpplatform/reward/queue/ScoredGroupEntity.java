package org.stpplatform.reward.queue;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.stpplatform.common.api.TaskName;

/** Row of {@code scored_group}: one prompt's scored completions and its queue state. */
@Entity
@Table(name = "scored_group")
class ScoredGroupEntity {

    @Id
    private UUID id;

    @Column(name = "run_id", nullable = false)
    private String runId;

    @Column(nullable = false)
    private long step;

    @Column(name = "policy_version", nullable = false)
    private long policyVersion;

    @Column(name = "prompt_id", nullable = false)
    private String promptId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private TaskName task;

    private String prompt;

    @Column(nullable = false)
    private String reference;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private GroupState state;

    @Column(name = "claimer_id")
    private String claimerId;

    @Column(name = "lease_expires_at")
    private Instant leaseExpiresAt;

    @Column(name = "delivery_count", nullable = false)
    private int deliveryCount;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "acknowledged_at")
    private Instant acknowledgedAt;

    @OneToMany(mappedBy = "group", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("completionIndex")
    private List<ScoredCompletionEntity> completions = new ArrayList<>();

    protected ScoredGroupEntity() {
    }

    ScoredGroupEntity(UUID id, String runId, long step, long policyVersion, String promptId, TaskName task,
            String prompt, String reference, Instant createdAt) {
        this.id = id;
        this.runId = runId;
        this.step = step;
        this.policyVersion = policyVersion;
        this.promptId = promptId;
        this.task = task;
        this.prompt = prompt;
        this.reference = reference;
        this.state = GroupState.PENDING;
        this.createdAt = createdAt;
    }

    void addCompletion(ScoredCompletionEntity completion) {
        completion.attachTo(this);
        completions.add(completion);
    }

    /** Leases the group to {@code claimer} until {@code expiresAt} and counts the delivery. */
    void lease(String claimer, Instant expiresAt) {
        this.state = GroupState.LEASED;
        this.claimerId = claimer;
        this.leaseExpiresAt = expiresAt;
        this.deliveryCount++;
    }

    /** Marks the group acknowledged; its lease ends and it is never claimable again. */
    void acknowledge(Instant now) {
        this.state = GroupState.ACKED;
        this.acknowledgedAt = now;
        this.leaseExpiresAt = null;
    }

    UUID id() {
        return id;
    }

    String runId() {
        return runId;
    }

    long step() {
        return step;
    }

    long policyVersion() {
        return policyVersion;
    }

    String promptId() {
        return promptId;
    }

    TaskName task() {
        return task;
    }

    String prompt() {
        return prompt;
    }

    String reference() {
        return reference;
    }

    GroupState state() {
        return state;
    }

    String claimerId() {
        return claimerId;
    }

    Instant leaseExpiresAt() {
        return leaseExpiresAt;
    }

    int deliveryCount() {
        return deliveryCount;
    }

    Instant createdAt() {
        return createdAt;
    }

    List<ScoredCompletionEntity> completions() {
        return completions;
    }
}
