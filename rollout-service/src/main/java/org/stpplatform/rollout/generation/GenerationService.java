package org.stpplatform.rollout.generation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.stpplatform.engine.sampling.DecodingSettings;
import org.stpplatform.engine.sampling.Generation;
import org.stpplatform.engine.tokenizer.TextTokenizer;
import org.stpplatform.rollout.policy.PolicyHolder;
import org.stpplatform.rollout.policy.ServedPolicy;
import org.stpplatform.rollout.web.RolloutProblems;

/** Turns generate requests into queued plans and their results into responses. */
public class GenerationService {

    private final GenerationQueue queue;
    private final PolicyHolder holder;
    private final RequestValidator validator;

    public GenerationService(GenerationQueue queue, PolicyHolder holder, RequestValidator validator) {
        this.queue = queue;
        this.holder = holder;
        this.validator = validator;
    }

    /**
     * Validates, queues and waits for a generate request.
     *
     * @throws org.stpplatform.common.web.ApiException 400 for invalid fields, 409 for a version
     *     mismatch, 429 when the queue is full, 503 while the model loads or the service stops
     */
    public GenerateResponse generate(GenerateRequest request, String requestId) throws InterruptedException {
        ServedPolicy policy = holder.current().orElseThrow(RolloutProblems::modelLoading);
        if (request.expectedPolicyVersion() != null && request.expectedPolicyVersion() != policy.version()) {
            throw RolloutProblems.versionConflict(request.expectedPolicyVersion(), policy.version());
        }
        GenerationPlan plan = plan(request, policy, requestId);
        GenerationResult result = await(queue.submit(plan));
        return toResponse(result, request.prompts().size(), request.groupSize(), policy.tokenizer());
    }

    private GenerationPlan plan(GenerateRequest request, ServedPolicy policy, String requestId) {
        RequestValidator.Violations violations = new RequestValidator.Violations();
        validator.checkSizes(request.prompts().size(), request.groupSize(), violations);
        DecodingSettings settings = validator.checkSettings(request.settings(), policy.model().config(), violations);
        Integer n = settings == null ? null : settings.generationLength();
        List<SequenceInput> sequences = new ArrayList<>();
        for (int p = 0; p < request.prompts().size(); p++) {
            GenerateRequest.PromptInput prompt = request.prompts().get(p);
            SequenceInput input = validator.checkPrompt("prompts[" + p + "]", prompt.text(), prompt.tokenIds(),
                    prompt.canvas(), policy.tokenizer(), policy.model().config(), n, violations);
            if (input != null && violations.isEmpty()) {
                for (int g = 0; g < request.groupSize(); g++) {
                    sequences.add(input);
                }
            }
        }
        violations.throwIfAny();
        return new GenerationPlan(requestId, sequences, settings, request.settings().seed(),
                request.expectedPolicyVersion());
    }

    /** Waits for a queued plan, unwrapping the problem it failed with. */
    public static GenerationResult await(CompletableFuture<GenerationResult> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (InterruptedException e) {
            future.cancel(false);
            throw e;
        }
    }

    private static RuntimeException unwrap(Throwable cause) {
        Throwable current = cause;
        while (current instanceof CompletionException && current.getCause() != null) {
            current = current.getCause();
        }
        if (current instanceof RuntimeException runtime) {
            return runtime;
        }
        return new IllegalStateException("generation failed", current);
    }

    private static GenerateResponse toResponse(GenerationResult result, int promptCount, int groupSize,
            TextTokenizer tokenizer) {
        GenerateResponse.Timings timings = new GenerateResponse.Timings(result.queueMillis(), result.generationMillis());
        List<GenerateResponse.PromptResult> results = new ArrayList<>(promptCount);
        for (int p = 0; p < promptCount; p++) {
            List<GenerateResponse.CompletionResult> completions = new ArrayList<>(groupSize);
            for (int g = 0; g < groupSize; g++) {
                completions.add(toCompletion(result.sequences().get(p * groupSize + g), tokenizer, timings));
            }
            results.add(new GenerateResponse.PromptResult(p, completions));
        }
        return new GenerateResponse(result.policyVersion(), results);
    }

    /** Converts a sampled sequence; the text covers the first L tokens. */
    static GenerateResponse.CompletionResult toCompletion(Generation sequence, TextTokenizer tokenizer,
            GenerateResponse.Timings timings) {
        String text = tokenizer.decode(Arrays.copyOf(sequence.tokens(), sequence.completionLength()));
        return new GenerateResponse.CompletionResult(text, boxed(sequence.tokens()), boxed(sequence.stepMap()),
                sequence.nfe(), sequence.earlyExit(), sequence.anchorCount(), sequence.completionLength(), timings);
    }

    public static List<Integer> boxed(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
