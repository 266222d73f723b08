package org.stpplatform.reward.queue;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.stpplatform.common.api.ScoreOutcome;

/**
 * Row of {@code scored_completion}: one completion of a group with its score. The breakdown is
 * stored as two parallel arrays, names and values, in the scorer's function order.
 */
@Entity
@Table(name = "scored_completion")
class ScoredCompletionEntity {

    @Id
    private UUID id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "group_id", nullable = false)
    private ScoredGroupEntity group;

    @Column(name = "completion_index", nullable = false)
    private int completionIndex;

    @Column(nullable = false)
    private String text;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "token_ids", columnDefinition = "integer[]")
    private Integer[] tokenIds;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "step_map", columnDefinition = "integer[]")
    private Integer[] stepMap;

    @Column(nullable = false)
    private int nfe;

    @Column(name = "early_exit", nullable = false)
    private boolean earlyExit;

    @Column(name = "anchor_count", nullable = false)
    private int anchorCount;

    @Column(nullable = false)
    private double reward;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "breakdown_names", nullable = false, columnDefinition = "text[]")
    private String[] breakdownNames;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "breakdown_values", nullable = false, columnDefinition = "double precision[]")
    private Double[] breakdownValues;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ScoreOutcome outcome;

    private String detail;

    protected ScoredCompletionEntity() {
    }

    ScoredCompletionEntity(UUID id, int completionIndex, String text, Integer[] tokenIds, Integer[] stepMap, int nfe,
            boolean earlyExit, int anchorCount, double reward, String[] breakdownNames, Double[] breakdownValues,
            ScoreOutcome outcome, String detail) {
        this.id = id;
        this.completionIndex = completionIndex;
        this.text = text;
        this.tokenIds = tokenIds;
        this.stepMap = stepMap;
        this.nfe = nfe;
        this.earlyExit = earlyExit;
        this.anchorCount = anchorCount;
        this.reward = reward;
        this.breakdownNames = breakdownNames;
        this.breakdownValues = breakdownValues;
        this.outcome = outcome;
        this.detail = detail;
    }

    void attachTo(ScoredGroupEntity owner) {
        this.group = owner;
    }

    int completionIndex() {
        return completionIndex;
    }

    String text() {
        return text;
    }

    Integer[] tokenIds() {
        return tokenIds;
    }

    Integer[] stepMap() {
        return stepMap;
    }

    int nfe() {
        return nfe;
    }

    boolean earlyExit() {
        return earlyExit;
    }

    int anchorCount() {
        return anchorCount;
    }

    double reward() {
        return reward;
    }

    String[] breakdownNames() {
        return breakdownNames;
    }

    Double[] breakdownValues() {
        return breakdownValues;
    }

    ScoreOutcome outcome() {
        return outcome;
    }

    String detail() {
        return detail;
    }
}
