package org.stpplatform.rollout.jobs;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.stpplatform.common.api.GroupCompletion;
import org.stpplatform.common.api.SubmitGroupRequest;
import org.stpplatform.common.web.ApiException;
import org.stpplatform.engine.sampling.DecodingSettings;
import org.stpplatform.engine.sampling.Generation;
import org.stpplatform.engine.tokenizer.TextTokenizer;
import org.stpplatform.rollout.config.RolloutProperties;
import org.stpplatform.rollout.generation.GenerationPlan;
import org.stpplatform.rollout.generation.GenerationQueue;
import org.stpplatform.rollout.generation.GenerationResult;
import org.stpplatform.rollout.generation.GenerationService;
import org.stpplatform.rollout.generation.RequestValidator;
import org.stpplatform.rollout.generation.SequenceInput;
import org.stpplatform.rollout.policy.PolicyHolder;
import org.stpplatform.rollout.policy.ServedPolicy;
import org.stpplatform.rollout.web.RolloutProblems;

/**
 * Runs rollout jobs: for each prompt, generates a group through the shared {@link GenerationQueue}
 * with the job's policy version and submits it to the reward service. A job whose version stops
 * being served is cancelled at the next group; groups already submitted stay submitted.
 *
 * <p>On shutdown, jobs that have not started are cancelled at once, running jobs get
 * {@code shutdownGrace} to finish and are then cancelled; the log names each.
 */
public class JobRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final GenerationQueue queue;
    private final PolicyHolder holder;
    private final RequestValidator validator;
    private final RewardClient rewardClient;
    private final RolloutProperties.Jobs settings;
    private final ExecutorService executor;
    private final Map<String, Job> jobs = Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile boolean accepting = true;

    public JobRunner(GenerationQueue queue, PolicyHolder holder, RequestValidator validator,
            RewardClient rewardClient, RolloutProperties.Jobs settings) {
        this.queue = queue;
        this.holder = holder;
        this.validator = validator;
        this.rewardClient = rewardClient;
        this.settings = settings;
        AtomicInteger threadIndex = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(settings.workers(), runnable -> {
            Thread thread = new Thread(runnable, "rollout-job-" + threadIndex.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Signals that the job's policy version is no longer served; the job is cancelled. */
    private static final class PolicyVersionChangedException extends RuntimeException {
        PolicyVersionChangedException(String message) {
            super(message);
        }
    }

    /** A validated job and its progress. */
    private static final class Job {
        final String id;
        final JobRequest request;
        final URI rewardUrl;
        final DecodingSettings decoding;
        final List<SequenceInput> inputs;
        final TextTokenizer tokenizer;
        volatile JobState state = JobState.QUEUED;
        volatile int submitted;
        volatile String error;
        volatile Future<?> future;

        Job(String id, JobRequest request, URI rewardUrl, DecodingSettings settings, List<SequenceInput> inputs,
                TextTokenizer tokenizer) {
            this.id = id;
            this.request = request;
            this.rewardUrl = rewardUrl;
            this.decoding = settings;
            this.inputs = inputs;
            this.tokenizer = tokenizer;
        }

        JobStatus status() {
            return new JobStatus(id, request.runId(), request.step(), state, submitted, inputs.size(), error);
        }

        synchronized boolean finish(JobState finalState, String reason) {
            if (state.finished()) {
                return false;
            }
            state = finalState;
            error = reason;
            return true;
        }
    }

    /**
     * Validates and queues a job.
     *
     * @throws ApiException 400 for invalid fields, 409 when the expected version is not served,
     *     503 while the model loads or the service stops
     */
    public JobStatus submit(JobRequest request) {
        if (!accepting) {
            throw RolloutProblems.stopping();
        }
        ServedPolicy policy = holder.current().orElseThrow(RolloutProblems::modelLoading);
        RequestValidator.Violations violations = new RequestValidator.Violations();
        validator.checkSizes(request.prompts().size(), request.groupSize(), violations);
        DecodingSettings decoding = validator.checkSettings(request.settings(), policy.model().config(), violations);
        URI rewardUrl = null;
        try {
            rewardUrl = rewardClient.checkBaseUrl(request.rewardServiceUrl());
        } catch (IllegalArgumentException e) {
            violations.add("rewardServiceUrl", e.getMessage());
        }
        Integer n = decoding == null ? null : decoding.generationLength();
        List<SequenceInput> inputs = new ArrayList<>();
        for (int i = 0; i < request.prompts().size(); i++) {
            JobRequest.JobPrompt prompt = request.prompts().get(i);
            inputs.add(validator.checkPrompt("prompts[" + i + "]", prompt.text(), prompt.tokenIds(), prompt.canvas(),
                    policy.tokenizer(), policy.model().config(), n, violations));
        }
        violations.throwIfAny();
        if (request.expectedPolicyVersion() != policy.version()) {
            throw RolloutProblems.versionConflict(request.expectedPolicyVersion(), policy.version());
        }

        Job job = new Job(UUID.randomUUID().toString(), request, rewardUrl, decoding, inputs, policy.tokenizer());
        register(job);
        job.future = executor.submit(() -> run(job));
        log.info("Accepted job jobId={} runId={} step={} policyVersion={} prompts={} groupSize={}", job.id,
                request.runId(), request.step(), request.expectedPolicyVersion(), inputs.size(), request.groupSize());
        return job.status();
    }

    private void register(Job job) {
        synchronized (jobs) {
            jobs.put(job.id, job);
            if (jobs.size() > settings.retainedJobs()) {
                jobs.values().removeIf(j -> j.state.finished() && jobs.size() > settings.retainedJobs());
            }
        }
    }

    /**
     * Returns the status of a job.
     *
     * @throws ApiException 404 for an unknown or forgotten job id
     */
    public JobStatus status(String jobId) {
        Job job = jobs.get(jobId);
        if (job == null) {
            throw ApiException.notFound("No job with id " + jobId + "; finished jobs are kept for the last "
                    + settings.retainedJobs() + " jobs");
        }
        return job.status();
    }

    private void run(Job job) {
        synchronized (job) {
            if (job.state.finished()) {
                return;
            }
            job.state = JobState.RUNNING;
        }
        log.info("Started job jobId={} runId={} step={}", job.id, job.request.runId(), job.request.step());
        try {
            for (int i = 0; i < job.inputs.size(); i++) {
                if (job.state.finished()) {
                    return;
                }
                runGroup(job, i);
                job.submitted++;
            }
            if (job.finish(JobState.SUCCEEDED, null)) {
                log.info("Finished job jobId={} runId={} step={} groups={}", job.id, job.request.runId(),
                        job.request.step(), job.submitted);
            }
        } catch (PolicyVersionChangedException e) {
            cancel(job, e.getMessage());
        } catch (InterruptedException e) {
            cancel(job, "the service stopped before the job finished");
            Thread.currentThread().interrupt();
        } catch (RewardClient.SubmissionFailedException e) {
            fail(job, e.getMessage(), e);
        } catch (ApiException e) {
            fail(job, e.getMessage(), e);
        } catch (RuntimeException e) {
            fail(job, "the job failed unexpectedly; the service log has the cause", e);
        }
    }

    private void runGroup(Job job, int promptIndex) throws InterruptedException {
        JobRequest request = job.request;
        JobRequest.JobPrompt prompt = request.prompts().get(promptIndex);
        Long seed = request.settings().seed() == null ? null
                : new SplittableRandom(request.settings().seed() + promptIndex).nextLong();
        List<SequenceInput> sequences = Collections.nCopies(request.groupSize(), job.inputs.get(promptIndex));
        GenerationPlan plan = new GenerationPlan(job.id + "/" + prompt.promptId(), sequences, job.decoding, seed,
                request.expectedPolicyVersion());
        GenerationResult result;
        try {
            result = GenerationService.await(queue.submitAndWait(plan));
        } catch (ApiException e) {
            if (e.status() == HttpStatus.CONFLICT) {
                throw new PolicyVersionChangedException("the served policy version changed from "
                        + request.expectedPolicyVersion() + " to " + e.properties().get("servedVersion")
                        + " before group promptId=" + prompt.promptId() + "; submitted groups: " + job.submitted);
            }
            throw e;
        }
        List<GroupCompletion> completions = new ArrayList<>();
        for (Generation sequence : result.sequences()) {
            completions.add(toGroupCompletion(sequence, job.tokenizer));
        }
        String promptText = prompt.text() != null ? prompt.text()
                : job.tokenizer.decode(job.inputs.get(promptIndex).promptIds());
        SubmitGroupRequest group = new SubmitGroupRequest(request.runId(), request.step(), result.policyVersion(),
                prompt.promptId(), request.task(), promptText, prompt.reference(), completions);
        rewardClient.submit(job.rewardUrl, group, job.id);
    }

    private static GroupCompletion toGroupCompletion(Generation sequence, TextTokenizer tokenizer) {
        String text = tokenizer.decode(Arrays.copyOf(sequence.tokens(), sequence.completionLength()));
        return new GroupCompletion(text, GenerationService.boxed(sequence.tokens()),
                GenerationService.boxed(sequence.stepMap()), sequence.nfe(), sequence.earlyExit(),
                sequence.anchorCount());
    }

    private void cancel(Job job, String reason) {
        if (job.finish(JobState.CANCELLED, reason)) {
            log.warn("Cancelled job jobId={} runId={} step={} groupsSubmitted={} reason={}", job.id,
                    job.request.runId(), job.request.step(), job.submitted, reason);
        }
    }

    private void fail(Job job, String reason, Exception cause) {
        if (job.finish(JobState.FAILED, reason)) {
            log.error("Failed job jobId={} runId={} step={} groupsSubmitted={} reason={}", job.id,
                    job.request.runId(), job.request.step(), job.submitted, reason, cause);
        }
    }

    /** Stops accepting jobs, cancels queued ones and waits up to the grace period for running ones. */
    @Override
    public void close() {
        accepting = false;
        List<Job> snapshot;
        synchronized (jobs) {
            snapshot = new ArrayList<>(jobs.values());
        }
        for (Job job : snapshot) {
            if (job.state == JobState.QUEUED) {
                cancel(job, "the service stopped before the job started");
            }
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
                executor.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        for (Job job : snapshot) {
            if (!job.state.finished()) {
                cancel(job, "the service stopped before the job finished");
            }
        }
        log.info("Job runner stopped jobs={}", snapshot.size());
    }
}
