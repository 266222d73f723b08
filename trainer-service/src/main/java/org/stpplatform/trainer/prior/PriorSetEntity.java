package org.stpplatform.trainer.prior;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A complete set of priors for one dataset, model and setting combination. Rows are written in
 * one transaction, so a set that exists is complete.
 */
@Entity
@Table(name = "prior_sets")
public class PriorSetEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    /** SHA-256 (hex) of the description. */
    @Column(nullable = false, unique = true)
    private String priorKey;

    /** Dataset, model, decoding, strategy and rho that produced the set, as text. */
    @Column(nullable = false)
    private String description;

    private int promptCount;

    @Column(nullable = false)
    private Instant createdAt;

    protected PriorSetEntity() {
    }

    public PriorSetEntity(String priorKey, String description, int promptCount, Instant createdAt) {
        this.priorKey = priorKey;
        this.description = description;
        this.promptCount = promptCount;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public String getPriorKey() {
        return priorKey;
    }

    public String getDescription() {
        return description;
    }

    public int getPromptCount() {
        return promptCount;
    }
}
