package org.stpplatform.trainer.loop;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stpplatform.trainer.client.RemoteRequestException;
import org.stpplatform.trainer.client.RolloutApi;
import org.stpplatform.trainer.client.RolloutApi.Completion;
import org.stpplatform.trainer.client.RolloutApi.GeneratePrompt;
import org.stpplatform.trainer.client.RolloutApi.GenerateResponse;
import org.stpplatform.trainer.client.ServiceUnavailableException;
import org.stpplatform.trainer.loop.ReplicaFleet.Replica;

/**
 * Synchronous generation through {@code POST /v1/generate} for priors and evaluation. Prompts go in
 * chunks that the rollout service accepts, each chunk to the first replica that serves the version
 * and responds, with one completion per prompt.
 */
final class Generations {

    private static final Logger log = LoggerFactory.getLogger(Generations.class);

    /** Prompts per request; the rollout service's default limit is 64. */
    static final int MAX_PROMPTS_PER_REQUEST = 64;

    private Generations() {
    }

    /**
     * Generates one completion per prompt with exactly {@code version}.
     *
     * @param replicas supplies the replicas serving {@code version}, pushing weights when needed
     * @return one completion per prompt, in prompt order
     */
    static List<Completion> generate(String runId, List<int[]> prompts, RolloutApi.DecodingSettings settings,
            long version, java.util.function.Supplier<List<Replica>> replicas, RunControl control) {
        List<Completion> completions = new ArrayList<>(prompts.size());
        for (int from = 0; from < prompts.size(); from += MAX_PROMPTS_PER_REQUEST) {
            List<int[]> chunk = prompts.subList(from, Math.min(prompts.size(), from + MAX_PROMPTS_PER_REQUEST));
            List<GeneratePrompt> body = chunk.stream()
                    .map(ids -> new GeneratePrompt(null, boxed(ids), null))
                    .toList();
            RolloutApi.DecodingSettings chunkSettings = new RolloutApi.DecodingSettings(settings.generationLength(),
                    settings.blockLength(), settings.steps(), settings.temperature(), settings.remasking(),
                    settings.earlyExitTau(), settings.seed() == null ? null : settings.seed() + from);
            completions.addAll(generateChunk(runId, new RolloutApi.GenerateRequest(body, 1, chunkSettings, version),
                    replicas, control));
        }
        return completions;
    }

    private static List<Completion> generateChunk(String runId, RolloutApi.GenerateRequest request,
            java.util.function.Supplier<List<Replica>> replicas, RunControl control) {
        while (true) {
            control.checkContinue();
            for (Replica replica : replicas.get()) {
                try {
                    GenerateResponse response = replica.client().generate(request);
                    List<Completion> completions = new ArrayList<>();
                    for (RolloutApi.PromptResult result : response.results()) {
                        completions.add(result.completions().get(0));
                    }
                    if (completions.size() != request.prompts().size()) {
                        throw new ServiceUnavailableException(replica.url(), "generate returned " + completions.size()
                                + " results for " + request.prompts().size() + " prompts", null);
                    }
                    return completions;
                } catch (ServiceUnavailableException | RemoteRequestException e) {
                    replica.forget();
                    log.warn("Generation failed; trying another replica runId={} replica={} error={}", runId,
                            replica.url(), e.getMessage());
                }
            }
            control.waiting("no rollout replica could generate for version " + request.expectedPolicyVersion()
                    + "; retrying");
            control.pause(java.time.Duration.ofSeconds(5));
        }
    }

    static List<Integer> boxed(int[] ids) {
        List<Integer> list = new ArrayList<>(ids.length);
        for (int id : ids) {
            list.add(id);
        }
        return list;
    }

    static int[] unboxed(List<Integer> ids) {
        int[] array = new int[ids.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = ids.get(i);
        }
        return array;
    }
}
