package org.stpplatform.trainer.prior;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Prior of one training prompt: the N completion token ids of one base-model rollout, and per
 * position whether it is an anchor (kept fixed in rollouts and never masked by the estimator).
 */
@Entity
@Table(name = "priors")
public class PriorEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private long priorSetId;

    @Column(nullable = false)
    private String promptId;

    @Column(nullable = false, columnDefinition = "integer[]")
    private int[] tokenIds;

    @Column(nullable = false, columnDefinition = "boolean[]")
    private boolean[] anchors;

    protected PriorEntity() {
    }

    public PriorEntity(long priorSetId, String promptId, int[] tokenIds, boolean[] anchors) {
        if (tokenIds.length != anchors.length) {
            throw new IllegalArgumentException("prior of prompt " + promptId + " has " + tokenIds.length
                    + " tokens but " + anchors.length + " anchor flags");
        }
        this.priorSetId = priorSetId;
        this.promptId = promptId;
        this.tokenIds = tokenIds.clone();
        this.anchors = anchors.clone();
    }

    public String getPromptId() {
        return promptId;
    }

    public int[] getTokenIds() {
        return tokenIds.clone();
    }

    public boolean[] getAnchors() {
        return anchors.clone();
    }
}
