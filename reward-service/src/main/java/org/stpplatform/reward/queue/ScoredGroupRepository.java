package org.stpplatform.reward.queue;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Queries on {@code scored_group}. Methods return empty lists or optionals, never null. */
interface ScoredGroupRepository extends JpaRepository<ScoredGroupEntity, UUID> {

    /** Finds the group with the idempotency key (runId, step, promptId, policyVersion). */
    Optional<ScoredGroupEntity> findByRunIdAndStepAndPromptIdAndPolicyVersion(String runId, long step,
            String promptId, long policyVersion);

    /**
     * Locks up to {@code limit} groups of a run that {@code claimerId} may claim: pending ones,
     * leased ones whose lease ended at or before {@code now}, and leased ones whose unexpired lease
     * belongs to this claimer. Those come last, oldest first within each part, so that a claimer's
     * own leases cannot crowd out its new groups. A group leased to another claimer is skipped
     * until its lease expires. Rows locked by a concurrent claim are skipped, so concurrent claims
     * get disjoint groups. Must run inside the transaction that leases them.
     */
    @Query(nativeQuery = true, value = """
            SELECT * FROM scored_group
            WHERE run_id = :runId
              AND (state = 'PENDING'
                OR (state = 'LEASED' AND (lease_expires_at <= :now OR claimer_id = :claimerId)))
            ORDER BY (state = 'LEASED' AND lease_expires_at > :now), created_at, id
            LIMIT :limit
            FOR UPDATE SKIP LOCKED
            """)
    List<ScoredGroupEntity> lockClaimable(@Param("runId") String runId, @Param("claimerId") String claimerId,
            @Param("now") Instant now, @Param("limit") int limit);

    /** Locks the given groups in id order (a fixed order avoids deadlocks between two acknowledgements). */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("SELECT g FROM ScoredGroupEntity g WHERE g.id IN :ids ORDER BY g.id")
    List<ScoredGroupEntity> lockAll(@Param("ids") Collection<UUID> ids);

    /** Loads groups with their completions in one query. */
    @Query("SELECT DISTINCT g FROM ScoredGroupEntity g LEFT JOIN FETCH g.completions WHERE g.id IN :ids")
    List<ScoredGroupEntity> findWithCompletions(@Param("ids") Collection<UUID> ids);

    /**
     * Counts the groups of a run by effective state: an expired lease counts as pending because the
     * group can be claimed again.
     *
     * @return rows of [pending, leased, acknowledged]
     */
    @Query(nativeQuery = true, value = """
            SELECT
              count(*) FILTER (WHERE state = 'PENDING' OR (state = 'LEASED' AND lease_expires_at <= :now)),
              count(*) FILTER (WHERE state = 'LEASED' AND lease_expires_at > :now),
              count(*) FILTER (WHERE state = 'ACKED')
            FROM scored_group WHERE run_id = :runId
            """)
    List<Object[]> countByState(@Param("runId") String runId, @Param("now") Instant now);

    /** Counts all runs' groups by effective state, as {@link #countByState} does for one run. */
    @Query(nativeQuery = true, value = """
            SELECT
              count(*) FILTER (WHERE state = 'PENDING' OR (state = 'LEASED' AND lease_expires_at <= :now)),
              count(*) FILTER (WHERE state = 'LEASED' AND lease_expires_at > :now),
              count(*) FILTER (WHERE state = 'ACKED')
            FROM scored_group
            """)
    List<Object[]> countAllByState(@Param("now") Instant now);
}
