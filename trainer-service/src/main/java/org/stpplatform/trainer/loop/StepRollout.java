package org.stpplatform.trainer.loop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stpplatform.common.api.AckRequest;
import org.stpplatform.common.api.ClaimRequest;
import org.stpplatform.common.api.ClaimResponse;
import org.stpplatform.common.api.ScoredGroup;
import org.stpplatform.common.api.TaskName;
import org.stpplatform.trainer.client.RemoteRequestException;
import org.stpplatform.trainer.client.RewardClient;
import org.stpplatform.trainer.client.RolloutApi;
import org.stpplatform.trainer.client.RolloutApi.JobStatus;
import org.stpplatform.trainer.client.ServiceUnavailableException;
import org.stpplatform.trainer.loop.ReplicaFleet.Replica;

/**
 * The rollout phase of one step: submits rollout jobs for the step's prompts, claims the scored
 * groups from the reward service, and resubmits the prompts of a job whose replica fails, times
 * out or finishes without delivering them. Groups of other steps, duplicates and groups outside
 * the accepted policy versions are acknowledged and dropped, so the reward service never
 * delivers them again. The reward service returns the claimer's unacknowledged leases with every
 * claim, so a group that this step already accepted comes back. It is skipped and stays leased
 * until {@link #acknowledgeAccepted} after the update.
 */
final class StepRollout {

    private static final Logger log = LoggerFactory.getLogger(StepRollout.class);

    /** Time a finished job's groups get to show up in the queue before its prompts are resubmitted. */
    private static final Duration DELIVERY_GRACE = Duration.ofSeconds(20);
    /** Prompts per job; the rollout service's default request limit is 64. */
    private static final int MAX_PROMPTS_PER_JOB = 64;
    /**
     * Maximum time between two claims. Claims otherwise follow the jobs' progress (a new group
     * submitted, a job finished), so that the trainer does not poll the reward queue while
     * nothing can be in it.
     */
    private static final Duration MAX_CLAIM_INTERVAL = Duration.ofSeconds(2);

    /**
     * One prompt of the step.
     *
     * @param tokenIds prompt token ids as the trainer encodes them, so that rollout and update
     *     see the same prompt
     * @param canvas spatial-pruning canvas, or null
     */
    record PromptSpec(String promptId, List<Integer> tokenIds, String reference, RolloutApi.Canvas canvas) {
    }

    /**
     * Collected groups. The two times split the trainer's wall time of the phase: waiting for the
     * rollout replicas, which score each group through the reward service before they report it,
     * and waiting on the reward service's queue (claims and acknowledgements).
     *
     * @param groups one group per prompt, in prompt order
     * @param droppedStale groups dropped for being older than the staleness bound
     * @param rolloutMillis from the first submission until every group was claimed, minus
     *     {@code scoringMillis}
     * @param scoringMillis time spent in claim and acknowledge requests to the reward service
     */
    record Result(List<ScoredGroup> groups, int droppedStale, long rolloutMillis, long scoringMillis) {
    }

    private static final class Job {
        final Replica replica;
        final String jobId;
        final List<String> promptIds;
        final long submittedNanos;
        long finishedNanos = -1;
        int groupsSeen;

        Job(Replica replica, String jobId, List<String> promptIds) {
            this.replica = replica;
            this.jobId = jobId;
            this.promptIds = promptIds;
            this.submittedNanos = System.nanoTime();
        }
    }

    private final String runId;
    private final long step;
    private final TaskName task;
    private final int groupSize;
    private final RolloutApi.DecodingSettings settings;
    private final String rewardServiceUrl;
    private final List<PromptSpec> prompts;
    private final Map<String, PromptSpec> promptsById = new LinkedHashMap<>();
    private final Duration jobTimeout;
    private final List<Job> jobs = new ArrayList<>();
    private final Map<String, ScoredGroup> accepted = new LinkedHashMap<>();
    private long phaseStartNanos = -1;
    private int resubmissions;

    StepRollout(String runId, long step, TaskName task, int groupSize, RolloutApi.DecodingSettings settings,
            String rewardServiceUrl, List<PromptSpec> prompts, Duration jobTimeout) {
        this.runId = runId;
        this.step = step;
        this.task = task;
        this.groupSize = groupSize;
        this.settings = settings;
        this.rewardServiceUrl = rewardServiceUrl;
        this.prompts = List.copyOf(prompts);
        this.jobTimeout = jobTimeout;
        for (PromptSpec prompt : prompts) {
            promptsById.put(prompt.promptId(), prompt);
        }
    }

    long step() {
        return step;
    }

    /**
     * Marks the start of this step's rollout phase, from which the rollout time counts. Jobs
     * prefetched during the previous step's update (async mode) run before it.
     */
    void markPhaseStart() {
        phaseStartNanos = System.nanoTime();
    }

    /**
     * Submits jobs for every prompt not yet delivered, spread over the replicas that serve
     * {@code version}.
     *
     * @param expectedVersion version the replicas must serve; null lets each use the one it serves
     * @return false when no replica accepted the jobs
     */
    boolean submit(List<Replica> replicas, Long expectedVersion) {
        List<String> missing = new ArrayList<>();
        Set<String> inFlight = new HashSet<>();
        for (Job job : jobs) {
            if (job.finishedNanos < 0) {
                inFlight.addAll(job.promptIds);
            }
        }
        for (String promptId : promptsById.keySet()) {
            if (!accepted.containsKey(promptId) && !inFlight.contains(promptId)) {
                missing.add(promptId);
            }
        }
        return submitPrompts(missing, replicas, expectedVersion);
    }

    private boolean submitPrompts(List<String> promptIds, List<Replica> replicas, Long expectedVersion) {
        if (promptIds.isEmpty()) {
            return true;
        }
        if (replicas.isEmpty()) {
            return false;
        }
        List<List<String>> chunks = split(promptIds, replicas.size());
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            Replica replica = replicas.get(i % replicas.size());
            List<String> chunk = chunks.get(i);
            try {
                String jobId = replica.client().submitJob(jobRequest(chunk, expectedVersion));
                jobs.add(new Job(replica, jobId, chunk));
                log.info("Rollout job submitted runId={} step={} replica={} jobId={} prompts={}", runId, step,
                        replica.url(), jobId, chunk.size());
            } catch (ServiceUnavailableException | RemoteRequestException e) {
                log.warn("Rollout job submission failed runId={} step={} replica={} error={}", runId, step,
                        replica.url(), e.getMessage());
                replica.forget();
                failed.addAll(chunk);
            }
        }
        if (!failed.isEmpty()) {
            List<Replica> remaining = replicas.stream().filter(r -> r.confirmedVersion() >= 0).toList();
            if (remaining.size() == replicas.size() || remaining.isEmpty()) {
                return false;
            }
            return submitPrompts(failed, remaining, expectedVersion);
        }
        return true;
    }

    private RolloutApi.JobRequest jobRequest(List<String> promptIds, Long expectedVersion) {
        List<RolloutApi.JobPrompt> jobPrompts = promptIds.stream()
                .map(promptsById::get)
                .map(p -> new RolloutApi.JobPrompt(p.promptId(), null, p.tokenIds(), p.reference(), p.canvas()))
                .toList();
        return new RolloutApi.JobRequest(runId, step, expectedVersion, task, rewardServiceUrl, groupSize, settings,
                jobPrompts);
    }

    /**
     * Claims groups until every prompt has one, polling jobs and resubmitting prompts whose job
     * failed.
     *
     * @param versionAccepted whether a group of the given policy version may enter this step
     * @param serving returns the replicas that serve the expected version, pushing weights to
     *     replicas that lack them
     * @param expectedVersion version passed to resubmitted jobs; null for none
     */
    Result collect(RewardClient reward, String claimerId, Duration lease, RunControl control,
            Duration pollInterval, Duration outageRetry, java.util.function.LongPredicate versionAccepted,
            java.util.function.Supplier<List<Replica>> serving, Long expectedVersion) {
        int droppedStale = 0;
        long rewardCallNanos = 0;
        boolean rewardDown = false;
        boolean claimNow = true;
        long lastClaimNanos = System.nanoTime();
        long collectStart = System.nanoTime();
        while (accepted.size() < prompts.size()) {
            control.checkContinue();
            if (!claimNow && System.nanoTime() - lastClaimNanos < MAX_CLAIM_INTERVAL.toNanos()) {
                claimNow = pollJobs(serving, expectedVersion, control);
                if (!claimNow) {
                    control.pause(pollInterval);
                }
                continue;
            }
            claimNow = false;
            long claimStart = System.nanoTime();
            lastClaimNanos = claimStart;
            ClaimResponse response;
            try {
                response = reward.claim(new ClaimRequest(runId, Math.max(4, 2 * (prompts.size() - accepted.size())),
                        (int) lease.toSeconds(), claimerId));
                if (rewardDown) {
                    rewardDown = false;
                    log.info("Reward service reachable again runId={} step={}", runId, step);
                    control.running("rolling out step " + step);
                }
            } catch (ServiceUnavailableException e) {
                if (!rewardDown) {
                    log.warn("Reward service unreachable; waiting runId={} step={} error={}", runId, step,
                            e.getMessage());
                }
                rewardDown = true;
                claimNow = true;
                control.waiting("reward service unreachable at " + reward.baseUrl() + "; retrying every "
                        + outageRetry.toSeconds() + " s");
                control.pause(outageRetry);
                continue;
            }
            rewardCallNanos += System.nanoTime() - claimStart;
            List<UUID> toDrop = new ArrayList<>();
            for (ScoredGroup group : response.groups() == null ? List.<ScoredGroup>of() : response.groups()) {
                ScoredGroup acceptedGroup = accepted.get(group.promptId());
                if (acceptedGroup != null && acceptedGroup.groupId().equals(group.groupId())) {
                    // Accepted earlier in this step and still leased to this claimer, so not a duplicate.
                    continue;
                }
                boolean neededForStep = group.step() == step && promptsById.containsKey(group.promptId())
                        && !accepted.containsKey(group.promptId());
                if (neededForStep && versionAccepted.test(group.policyVersion())) {
                    accepted.put(group.promptId(), group);
                } else {
                    toDrop.add(group.groupId());
                    if (neededForStep || group.step() >= step) {
                        droppedStale++;
                    }
                    log.debug("Dropping group runId={} step={} groupStep={} groupVersion={} promptId={}", runId,
                            step, group.step(), group.policyVersion(), group.promptId());
                }
            }
            if (!toDrop.isEmpty()) {
                long ackStart = System.nanoTime();
                acknowledge(reward, toDrop, claimerId);
                rewardCallNanos += System.nanoTime() - ackStart;
            }
        }
        long end = System.nanoTime();
        long start = phaseStartNanos >= 0 ? phaseStartNanos : collectStart;
        long scoringMillis = rewardCallNanos / 1_000_000;
        long rolloutMillis = Math.max(0, (end - start) / 1_000_000 - scoringMillis);
        List<ScoredGroup> ordered = prompts.stream().map(p -> accepted.get(p.promptId())).toList();
        if (resubmissions > 0) {
            log.info("Step groups collected after resubmissions runId={} step={} resubmissions={}", runId, step,
                    resubmissions);
        }
        return new Result(ordered, droppedStale, rolloutMillis, scoringMillis);
    }

    /**
     * Polls the jobs that still owe groups and resubmits the prompts of failed ones.
     *
     * @return true when a job submitted new groups or finished since the last poll, so a claim is due
     */
    private boolean pollJobs(java.util.function.Supplier<List<Replica>> serving, Long expectedVersion,
            RunControl control) {
        boolean progress = false;
        List<String> toResubmit = new ArrayList<>();
        for (Job job : jobs) {
            if (job.replica == null) {
                continue;
            }
            if (job.finishedNanos >= 0 && !undelivered(job).isEmpty()
                    && System.nanoTime() - job.finishedNanos > DELIVERY_GRACE.toNanos()) {
                log.warn("Finished job did not deliver every group; resubmitting runId={} step={} jobId={} missing={}",
                        runId, step, job.jobId, undelivered(job).size());
                toResubmit.addAll(undelivered(job));
                job.promptIds.removeAll(undelivered(job));
                continue;
            }
            if (job.finishedNanos >= 0 || undelivered(job).isEmpty()) {
                if (job.finishedNanos < 0 && undelivered(job).isEmpty()) {
                    job.finishedNanos = System.nanoTime();
                }
                continue;
            }
            String failure = null;
            try {
                JobStatus status = job.replica.client().jobStatus(job.jobId);
                if (status != null && status.groupsSubmitted() > job.groupsSeen) {
                    job.groupsSeen = status.groupsSubmitted();
                    progress = true;
                }
                if (status != null && status.isFinished()) {
                    job.finishedNanos = System.nanoTime();
                    progress = true;
                    if (!"SUCCEEDED".equals(status.state())) {
                        failure = "job " + status.state() + ": " + status.error();
                    }
                } else if (System.nanoTime() - job.submittedNanos > jobTimeout.toNanos()) {
                    failure = "job timed out after " + jobTimeout.toSeconds() + " s";
                }
            } catch (ServiceUnavailableException | RemoteRequestException e) {
                failure = "replica unreachable: " + e.getMessage();
            }
            if (failure != null) {
                job.finishedNanos = System.nanoTime();
                job.replica.forget();
                List<String> missing = undelivered(job);
                log.warn("Rollout job failed; resubmitting to other replicas runId={} step={} replica={} jobId={} "
                        + "prompts={} reason={}", runId, step, job.replica.url(), job.jobId, missing.size(), failure);
                toResubmit.addAll(missing);
                job.promptIds.removeAll(missing);
            }
        }
        if (!toResubmit.isEmpty()) {
            resubmissions++;
            List<Replica> replicas = serving.get();
            if (!submitPrompts(toResubmit, replicas, expectedVersion)) {
                control.waiting("no rollout replica accepts jobs for step " + step + "; retrying");
                // Recorded as a job without a replica so the next poll retries the submission.
                jobs.add(orphan(toResubmit));
            }
        }
        for (Job job : List.copyOf(jobs)) {
            if (job.replica == null && !undelivered(job).isEmpty()) {
                List<Replica> replicas = serving.get();
                List<String> missing = undelivered(job);
                jobs.remove(job);
                if (!submitPrompts(missing, replicas, expectedVersion)) {
                    jobs.add(orphan(missing));
                } else {
                    control.running("rolling out step " + step);
                }
            }
        }
        return progress;
    }

    private Job orphan(List<String> promptIds) {
        Job job = new Job(null, null, new ArrayList<>(promptIds));
        job.finishedNanos = -1;
        return job;
    }

    private List<String> undelivered(Job job) {
        return job.promptIds.stream().filter(id -> !accepted.containsKey(id)).toList();
    }

    /** Acknowledges the groups that entered the update. */
    void acknowledgeAccepted(RewardClient reward, String claimerId) {
        acknowledge(reward, accepted.values().stream().map(ScoredGroup::groupId).toList(), claimerId);
    }

    private void acknowledge(RewardClient reward, List<UUID> groupIds, String claimerId) {
        if (groupIds.isEmpty()) {
            return;
        }
        try {
            reward.ack(new AckRequest(groupIds, claimerId));
        } catch (ServiceUnavailableException | RemoteRequestException e) {
            // This claimer's next claim, or any claimer's after the lease expires, gets the groups
            // again. Groups of an earlier step are then dropped, and groups of this step are
            // skipped or dropped as duplicates.
            log.warn("Acknowledging groups failed runId={} step={} groups={} error={}", runId, step, groupIds.size(),
                    e.getMessage());
        }
    }

    private static List<List<String>> split(List<String> ids, int parts) {
        int chunkCount = Math.max(parts, (ids.size() + MAX_PROMPTS_PER_JOB - 1) / MAX_PROMPTS_PER_JOB);
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < chunkCount; i++) {
            chunks.add(new ArrayList<>());
        }
        for (int i = 0; i < ids.size(); i++) {
            chunks.get(i % chunkCount).add(ids.get(i));
        }
        chunks.removeIf(List::isEmpty);
        return chunks;
    }
}
