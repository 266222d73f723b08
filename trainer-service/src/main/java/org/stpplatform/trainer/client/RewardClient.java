package org.stpplatform.trainer.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.stpplatform.common.api.AckRequest;
import org.stpplatform.common.api.AckResponse;
import org.stpplatform.common.api.ClaimRequest;
import org.stpplatform.common.api.ClaimResponse;
import org.stpplatform.common.api.ScoredCompletion;
import org.stpplatform.common.api.TaskName;

/** Client of one reward service: the scored-group queue and direct scoring. */
public final class RewardClient {

    private final String baseUrl;
    private final RestClient http;

    public RewardClient(RestClient.Builder builder, String baseUrl, Duration readTimeout) {
        this.baseUrl = baseUrl;
        this.http = HttpClients.restClient(builder, baseUrl, readTimeout, null);
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Leases up to {@code maxCount} scored groups of a run. */
    public ClaimResponse claim(ClaimRequest request) {
        return HttpClients.call(baseUrl, "claim groups", () -> http.post().uri("/v1/groups/claim")
                .contentType(MediaType.APPLICATION_JSON).body(request).retrieve().body(ClaimResponse.class));
    }

    /** Acknowledges leased groups so that they are never delivered again. */
    public AckResponse ack(AckRequest request) {
        return HttpClients.call(baseUrl, "acknowledge groups", () -> http.post().uri("/v1/groups/ack")
                .contentType(MediaType.APPLICATION_JSON).body(request).retrieve().body(AckResponse.class));
    }

    /**
     * Scores completions without storing them, in item order.
     *
     * @param references one reference per completion, in the task's reference format
     */
    public List<ScoredCompletion> score(TaskName task, List<String> completions, List<String> references) {
        if (completions.size() != references.size()) {
            throw new IllegalArgumentException(completions.size() + " completions but " + references.size()
                    + " references");
        }
        List<ScoreItem> items = new java.util.ArrayList<>();
        for (int i = 0; i < completions.size(); i++) {
            items.add(new ScoreItem(completions.get(i), references.get(i)));
        }
        ScoreResponse response = HttpClients.call(baseUrl, "score completions", () -> http.post().uri("/v1/score")
                .contentType(MediaType.APPLICATION_JSON).body(new ScoreRequest(task, items))
                .retrieve().body(ScoreResponse.class));
        if (response == null || response.results() == null || response.results().size() != items.size()) {
            throw new ServiceUnavailableException(baseUrl, "score completions returned "
                    + (response == null || response.results() == null ? "no" : response.results().size())
                    + " results for " + items.size() + " items", null);
        }
        return response.results();
    }

    /** Returns the run's queue counts: pending, leased and acknowledged groups. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> queue(String runId) {
        return HttpClients.call(baseUrl, "read queue", () -> http.get().uri("/v1/runs/{runId}/queue", runId)
                .retrieve().body(Map.class));
    }

    record ScoreRequest(TaskName task, List<ScoreItem> items) {
    }

    record ScoreItem(String completion, String reference) {
    }

    record ScoreResponse(List<ScoredCompletion> results) {
    }
}
