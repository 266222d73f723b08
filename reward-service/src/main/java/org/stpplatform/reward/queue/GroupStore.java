package org.stpplatform.reward.queue;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import org.stpplatform.common.api.ScoredCompletion;
import org.stpplatform.common.api.ScoredGroup;
import org.stpplatform.common.api.SubmitGroupRequest;

/**
 * Transactions on the group queue. Every method returns wire records, never entities.
 * {@code @Repository} makes Spring translate JPA exceptions, e.g. a unique-key violation into
 * {@link org.springframework.dao.DataIntegrityViolationException}.
 */
@Repository
class GroupStore {

    private final ScoredGroupRepository groups;
    private final EntityManager entityManager;

    GroupStore(ScoredGroupRepository groups, EntityManager entityManager) {
        this.groups = groups;
        this.entityManager = entityManager;
    }

    /** Finds a stored group by its idempotency key. */
    @Transactional(readOnly = true)
    Optional<ScoredGroup> find(String runId, long step, String promptId, long policyVersion) {
        return groups.findByRunIdAndStepAndPromptIdAndPolicyVersion(runId, step, promptId, policyVersion)
                .map(GroupMapper::toRecord);
    }

    /**
     * Inserts a scored group and its completions as PENDING in one transaction.
     *
     * @throws org.springframework.dao.DataIntegrityViolationException when a group with the same key
     *     was inserted concurrently; nothing is stored then
     */
    @Transactional
    ScoredGroup insert(SubmitGroupRequest request, List<ScoredCompletion> scores, Instant createdAt) {
        ScoredGroupEntity group = GroupMapper.toEntity(request, scores, createdAt);
        entityManager.persist(group);
        entityManager.flush();
        return GroupMapper.toRecord(group);
    }

    /**
     * Leases up to {@code maxCount} claimable groups of a run to {@code claimerId} until
     * {@code leaseExpiresAt}. Claimable are pending groups, groups whose lease expired, and groups
     * whose unexpired lease {@code claimerId} already has, which get the new expiry.
     *
     * @return the leased groups (pending and expired ones first, then held ones, oldest first
     *     within each part) with the counts of expired and renewed leases among them
     */
    @Transactional
    ClaimResult claim(String runId, int maxCount, String claimerId, Instant now, Instant leaseExpiresAt) {
        List<ScoredGroupEntity> locked = groups.lockClaimable(runId, claimerId, now, maxCount);
        if (locked.isEmpty()) {
            return new ClaimResult(List.of(), 0, 0);
        }
        int expiredLeases = 0;
        int renewedLeases = 0;
        for (ScoredGroupEntity group : locked) {
            if (group.state() == GroupState.LEASED) {
                // The query returns an unexpired lease only to the claimer that holds it.
                if (group.leaseExpiresAt().isAfter(now)) {
                    renewedLeases++;
                } else {
                    expiredLeases++;
                }
            }
            group.lease(claimerId, leaseExpiresAt);
        }
        entityManager.flush();

        List<UUID> ids = locked.stream().map(ScoredGroupEntity::id).toList();
        entityManager.clear();
        Map<UUID, ScoredGroupEntity> loaded = groups.findWithCompletions(ids).stream()
                .collect(Collectors.toMap(ScoredGroupEntity::id, Function.identity()));
        List<ScoredGroup> claimed = new ArrayList<>(ids.size());
        for (UUID id : ids) {
            claimed.add(GroupMapper.toRecord(loaded.get(id)));
        }
        return new ClaimResult(claimed, expiredLeases, renewedLeases);
    }

    /**
     * Acknowledges groups leased by {@code claimerId}, all or none. Groups that this claimer already
     * acknowledged count as acknowledged again, so a retried acknowledgement succeeds.
     *
     * @return ids that are unknown or not leased by the claimer; when non-empty nothing was changed
     */
    @Transactional
    AckResult acknowledge(List<UUID> groupIds, String claimerId, Instant now) {
        Set<UUID> requested = new LinkedHashSet<>(groupIds);
        List<ScoredGroupEntity> locked = groups.lockAll(requested);
        Set<UUID> found = locked.stream().map(ScoredGroupEntity::id).collect(Collectors.toSet());

        List<UUID> rejected = new ArrayList<>();
        for (UUID id : requested) {
            if (!found.contains(id)) {
                rejected.add(id);
            }
        }
        for (ScoredGroupEntity group : locked) {
            boolean heldByClaimer = claimerId.equals(group.claimerId());
            if (!heldByClaimer || group.state() == GroupState.PENDING) {
                rejected.add(group.id());
            }
        }
        if (!rejected.isEmpty()) {
            rejected.sort(Comparator.naturalOrder());
            return new AckResult(0, 0, rejected);
        }
        int newlyAcknowledged = 0;
        for (ScoredGroupEntity group : locked) {
            if (group.state() == GroupState.LEASED) {
                group.acknowledge(now);
                newlyAcknowledged++;
            }
        }
        return new AckResult(requested.size(), newlyAcknowledged, List.of());
    }

    @Transactional(readOnly = true)
    QueueCounts counts(String runId, Instant now) {
        return QueueCounts.of(groups.countByState(runId, now).get(0));
    }

    @Transactional(readOnly = true)
    QueueCounts countsOfAllRuns(Instant now) {
        return QueueCounts.of(groups.countAllByState(now).get(0));
    }

    /**
     * Groups leased by one claim.
     *
     * @param expiredLeases how many of them were redelivered after their previous lease expired
     * @param renewedLeases how many of them were redelivered to the claimer whose lease on them had
     *     not expired
     */
    record ClaimResult(List<ScoredGroup> groups, int expiredLeases, int renewedLeases) {
    }

    /**
     * Outcome of an acknowledgement.
     *
     * @param acknowledged groups of the request that are now acknowledged by the claimer
     * @param newlyAcknowledged groups that moved from LEASED to ACKED in this call
     * @param rejected ids that were not leased by the claimer; non-empty means nothing changed
     */
    record AckResult(int acknowledged, int newlyAcknowledged, List<UUID> rejected) {
    }
}
