package org.stpplatform.reward.queue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.stpplatform.common.api.AckRequest;
import org.stpplatform.common.api.AckResponse;
import org.stpplatform.common.api.ClaimRequest;
import org.stpplatform.common.api.ClaimResponse;
import org.stpplatform.common.api.GroupCompletion;
import org.stpplatform.common.api.ScoredCompletion;
import org.stpplatform.common.api.ScoredGroup;
import org.stpplatform.common.api.SubmitGroupRequest;
import org.stpplatform.common.web.ApiException;
import org.stpplatform.common.web.FieldViolation;
import org.stpplatform.common.web.ProblemTypes;
import org.stpplatform.reward.config.RewardProperties;
import org.stpplatform.reward.score.BatchScorer;
import org.stpplatform.reward.score.ScoringJob;
import org.stpplatform.reward.score.ScoringRequests;
import org.stpplatform.reward.scoring.TaskInstance;

/**
 * The group queue: submission (score, then store), leased claims and acknowledgements. Metrics:
 * {@code stp.reward.groups.submitted} (duplicate), {@code stp.reward.claims} (groups delivered),
 * {@code stp.reward.lease.expiries} (groups redelivered after an expired lease) and
 * {@code stp.reward.lease.renewals} (groups redelivered to the claimer that still held the lease).
 */
@Service
public class GroupQueue {

    private static final Logger log = LoggerFactory.getLogger(GroupQueue.class);

    /** Column widths of {@code scored_group}. */
    private static final int MAX_RUN_ID_CHARS = 128;
    private static final int MAX_PROMPT_ID_CHARS = 256;
    private static final int MAX_CLAIMER_ID_CHARS = 128;

    private final GroupStore store;
    private final BatchScorer batchScorer;
    private final ScoringRequests requests;
    private final RewardProperties.Queue queueSettings;
    private final Clock clock;
    private final Counter submittedNew;
    private final Counter submittedDuplicate;
    private final Counter claims;
    private final Counter leaseExpiries;
    private final Counter leaseRenewals;

    GroupQueue(GroupStore store, BatchScorer batchScorer, ScoringRequests requests, RewardProperties properties,
            Clock clock, MeterRegistry registry) {
        this.store = store;
        this.batchScorer = batchScorer;
        this.requests = requests;
        this.queueSettings = properties.queue();
        this.clock = clock;
        this.submittedNew = Counter.builder("stp.reward.groups.submitted")
                .description("Submitted groups; duplicate=true for resubmissions of a stored key")
                .tag("duplicate", "false").register(registry);
        this.submittedDuplicate = Counter.builder("stp.reward.groups.submitted")
                .description("Submitted groups; duplicate=true for resubmissions of a stored key")
                .tag("duplicate", "true").register(registry);
        this.claims = Counter.builder("stp.reward.claims")
                .description("Groups delivered by claims, redeliveries included").register(registry);
        this.leaseExpiries = Counter.builder("stp.reward.lease.expiries")
                .description("Groups claimed again after their lease expired unacknowledged").register(registry);
        this.leaseRenewals = Counter.builder("stp.reward.lease.renewals")
                .description("Groups claimed again by the claimer that still held their lease").register(registry);
    }

    /** Stored group and whether the submission was a duplicate of an earlier one. */
    record Submission(ScoredGroup group, boolean duplicate) {
    }

    /**
     * Scores and stores a group, or returns the stored one for a key seen before. Scoring runs
     * before the insert, so a failure leaves nothing half written.
     */
    Submission submit(SubmitGroupRequest request) {
        TaskInstance instance = validate(request);
        try (MDC.MDCCloseable runContext = MDC.putCloseable("runId", request.runId())) {
            Optional<ScoredGroup> existing = store.find(request.runId(), request.step(), request.promptId(),
                    request.policyVersion());
            if (existing.isPresent()) {
                return duplicate(existing.get(), request);
            }

            List<ScoringJob> jobs = new ArrayList<>(request.completions().size());
            for (int i = 0; i < request.completions().size(); i++) {
                jobs.add(new ScoringJob(i, instance, request.completions().get(i).text()));
            }
            List<ScoredCompletion> scores = batchScorer.scoreAll(batchScorer.defaultMode(), jobs);

            Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
            ScoredGroup stored;
            try {
                stored = store.insert(request, scores, now);
            } catch (DataIntegrityViolationException e) {
                // A concurrent submission of the same key won the insert; return its group.
                log.info("Concurrent submission of the same key stored first step={} promptId={}", request.step(),
                        request.promptId());
                ScoredGroup winner = store.find(request.runId(), request.step(), request.promptId(),
                        request.policyVersion()).orElseThrow(() -> e);
                return duplicate(winner, request);
            }
            submittedNew.increment();
            try (MDC.MDCCloseable groupContext = MDC.putCloseable("groupId", stored.groupId().toString())) {
                log.info("Stored group step={} policyVersion={} promptId={} task={} size={}", request.step(),
                        request.policyVersion(), request.promptId(), request.task().wireName(), scores.size());
            }
            return new Submission(stored, false);
        }
    }

    /**
     * Leases up to {@code maxCount} scored groups of a run to the claimer: pending ones, ones whose
     * lease expired, and ones whose unexpired lease the claimer already holds, which get the new
     * expiry. A claimer that restarts under the same id thus gets its unacknowledged groups back at
     * once, while a group leased to another claimer waits until that lease expires.
     */
    ClaimResponse claim(ClaimRequest request) {
        List<FieldViolation> errors = new ArrayList<>();
        ScoringRequests.checkLength(errors, "runId", request.runId(), MAX_RUN_ID_CHARS, "column width");
        ScoringRequests.checkLength(errors, "claimerId", request.claimerId(), MAX_CLAIMER_ID_CHARS, "column width");
        if (request.maxCount() > queueSettings.maxClaimCount()) {
            errors.add(new FieldViolation("maxCount", "is " + request.maxCount() + "; the limit is "
                    + queueSettings.maxClaimCount() + " (stp.reward.queue.max-claim-count)"));
        }
        if (request.leaseSeconds() > queueSettings.maxLeaseSeconds()) {
            errors.add(new FieldViolation("leaseSeconds", "is " + request.leaseSeconds() + "; the limit is "
                    + queueSettings.maxLeaseSeconds() + " (stp.reward.queue.max-lease-seconds)"));
        }
        if (!errors.isEmpty()) {
            throw ScoringRequests.validation(errors);
        }

        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        Instant leaseExpiresAt = now.plusSeconds(request.leaseSeconds());
        GroupStore.ClaimResult result = store.claim(request.runId(), request.maxCount(), request.claimerId(), now,
                leaseExpiresAt);
        claims.increment(result.groups().size());
        leaseExpiries.increment(result.expiredLeases());
        leaseRenewals.increment(result.renewedLeases());
        if (!result.groups().isEmpty()) {
            try (MDC.MDCCloseable runContext = MDC.putCloseable("runId", request.runId())) {
                log.info("Claimed groups claimerId={} count={} expiredLeases={} renewedLeases={} leaseExpiresAt={}",
                        request.claimerId(), result.groups().size(), result.expiredLeases(), result.renewedLeases(),
                        leaseExpiresAt);
            }
        }
        return new ClaimResponse(result.groups(), result.groups().isEmpty() ? null : leaseExpiresAt);
    }

    /**
     * Acknowledges groups leased by the claimer, all or none.
     *
     * @throws ApiException 409 listing {@code rejectedGroupIds} when any group is unknown or not
     *     leased by the claimer
     */
    AckResponse acknowledge(AckRequest request) {
        List<FieldViolation> errors = new ArrayList<>();
        ScoringRequests.checkLength(errors, "claimerId", request.claimerId(), MAX_CLAIMER_ID_CHARS, "column width");
        if (request.groupIds().size() > queueSettings.maxClaimCount()) {
            errors.add(new FieldViolation("groupIds", "has " + request.groupIds().size() + " ids; the limit is "
                    + queueSettings.maxClaimCount() + " (stp.reward.queue.max-claim-count)"));
        }
        if (!errors.isEmpty()) {
            throw ScoringRequests.validation(errors);
        }

        GroupStore.AckResult result = store.acknowledge(request.groupIds(), request.claimerId(), Instant.now(clock));
        if (!result.rejected().isEmpty()) {
            log.warn("Acknowledgement rejected claimerId={} rejectedGroupIds={}", request.claimerId(),
                    result.rejected());
            throw new ApiException(HttpStatus.CONFLICT, ProblemTypes.of("lease-not-held"), "Lease not held",
                    result.rejected().size() + " of the groups are unknown or not leased by claimer '"
                            + request.claimerId() + "' (pending, leased by another claimer after an expiry, or"
                            + " acknowledged by another claimer); nothing was acknowledged. Acknowledge only"
                            + " the groups of your current claim.",
                    List.of(), Map.of("rejectedGroupIds", result.rejected()));
        }
        log.info("Acknowledged groups claimerId={} count={} newly={}", request.claimerId(), result.acknowledged(),
                result.newlyAcknowledged());
        return new AckResponse(result.acknowledged());
    }

    /** Counts a run's groups; expired leases count as pending. */
    QueueCounts counts(String runId) {
        return store.counts(runId, Instant.now(clock));
    }

    private Submission duplicate(ScoredGroup existing, SubmitGroupRequest request) {
        submittedDuplicate.increment();
        try (MDC.MDCCloseable groupContext = MDC.putCloseable("groupId", existing.groupId().toString())) {
            if (existing.completions().size() != request.completions().size()) {
                log.warn("Duplicate submission differs from the stored group storedSize={} submittedSize={}",
                        existing.completions().size(), request.completions().size());
            } else {
                log.info("Duplicate submission step={} policyVersion={} promptId={}", request.step(),
                        request.policyVersion(), request.promptId());
            }
        }
        return new Submission(existing, true);
    }

    private TaskInstance validate(SubmitGroupRequest request) {
        RewardProperties.Limits limits = requests.limits();
        List<FieldViolation> errors = new ArrayList<>();
        ScoringRequests.checkLength(errors, "runId", request.runId(), MAX_RUN_ID_CHARS, "column width");
        ScoringRequests.checkLength(errors, "promptId", request.promptId(), MAX_PROMPT_ID_CHARS, "column width");
        ScoringRequests.checkLength(errors, "prompt", request.prompt(), limits.maxPromptChars(),
                "stp.reward.limits.max-prompt-chars");
        ScoringRequests.checkLength(errors, "reference", request.reference(), limits.maxReferenceChars(),
                "stp.reward.limits.max-reference-chars");
        int size = request.completions().size();
        if (size < limits.minGroupSize() || size > limits.maxGroupSize()) {
            errors.add(new FieldViolation("completions", "has " + size + " completions; the group size G must be"
                    + " between " + limits.minGroupSize() + " and " + limits.maxGroupSize()
                    + " (stp.reward.limits.min-group-size, max-group-size)"));
        } else {
            for (int i = 0; i < size; i++) {
                validateCompletion(errors, "completions[" + i + "]", request.completions().get(i), limits);
            }
        }
        TaskInstance instance = requests.instance(errors, "", request.task(), request.reference(), null, null);
        if (!errors.isEmpty()) {
            throw ScoringRequests.validation(errors);
        }
        return instance;
    }

    private static void validateCompletion(List<FieldViolation> errors, String path, GroupCompletion completion,
            RewardProperties.Limits limits) {
        ScoringRequests.checkLength(errors, path + ".text", completion.text(), limits.maxCompletionChars(),
                "stp.reward.limits.max-completion-chars");
        List<Integer> tokenIds = completion.tokenIds();
        List<Integer> stepMap = completion.stepMap();
        if (tokenIds != null && tokenIds.size() > limits.maxTokenIds()) {
            errors.add(new FieldViolation(path + ".tokenIds", "has " + tokenIds.size() + " entries; the limit is "
                    + limits.maxTokenIds() + " (stp.reward.limits.max-token-ids)"));
        }
        if (stepMap != null && stepMap.size() > limits.maxTokenIds()) {
            errors.add(new FieldViolation(path + ".stepMap", "has " + stepMap.size() + " entries; the limit is "
                    + limits.maxTokenIds() + " (stp.reward.limits.max-token-ids)"));
        }
        if (tokenIds != null && tokenIds.contains(null)) {
            errors.add(new FieldViolation(path + ".tokenIds", "must not contain null entries"));
        }
        if (stepMap != null && stepMap.contains(null)) {
            errors.add(new FieldViolation(path + ".stepMap", "must not contain null entries"));
        }
        if (tokenIds != null && stepMap != null && tokenIds.size() != stepMap.size()) {
            errors.add(new FieldViolation(path + ".stepMap", "has " + stepMap.size() + " entries but tokenIds has "
                    + tokenIds.size() + "; send one step per token"));
        }
    }
}
