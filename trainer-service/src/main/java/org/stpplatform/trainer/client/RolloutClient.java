package org.stpplatform.trainer.client;

import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.stpplatform.trainer.client.RolloutApi.GenerateRequest;
import org.stpplatform.trainer.client.RolloutApi.GenerateResponse;
import org.stpplatform.trainer.client.RolloutApi.JobAccepted;
import org.stpplatform.trainer.client.RolloutApi.JobRequest;
import org.stpplatform.trainer.client.RolloutApi.JobStatus;
import org.stpplatform.trainer.client.RolloutApi.WeightsInfo;

/** Client of one rollout replica: jobs, synchronous generation and weight pushes. */
public final class RolloutClient {

    /** Weight kinds of {@code X-Weights-Kind}. */
    public static final String KIND_FULL = "full";
    public static final String KIND_LORA = "lora";

    private final String baseUrl;
    private final RestClient http;

    public RolloutClient(RestClient.Builder builder, String baseUrl, Duration readTimeout, String apiToken) {
        this.baseUrl = baseUrl;
        this.http = HttpClients.restClient(builder, baseUrl, readTimeout, apiToken);
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Submits a job that generates groups and sends them to the reward service; returns its id. */
    public String submitJob(JobRequest request) {
        JobAccepted accepted = HttpClients.call(baseUrl, "submit rollout job", () -> http.post().uri("/v1/jobs")
                .contentType(MediaType.APPLICATION_JSON).body(request).retrieve().body(JobAccepted.class));
        if (accepted == null || accepted.jobId() == null) {
            throw new ServiceUnavailableException(baseUrl, "submit rollout job returned no job id", null);
        }
        return accepted.jobId();
    }

    public JobStatus jobStatus(String jobId) {
        return HttpClients.call(baseUrl, "read rollout job", () -> http.get().uri("/v1/jobs/{jobId}", jobId)
                .retrieve().body(JobStatus.class));
    }

    /** Generates completions synchronously (evaluation and priors). */
    public GenerateResponse generate(GenerateRequest request) {
        return HttpClients.call(baseUrl, "generate", () -> http.post().uri("/v1/generate")
                .contentType(MediaType.APPLICATION_JSON).body(request).retrieve().body(GenerateResponse.class));
    }

    /**
     * Pushes safetensors weights as a new policy version.
     *
     * @param kind {@link #KIND_FULL} or {@link #KIND_LORA}
     * @throws RemoteRequestException 409 when the replica already serves a newer version
     */
    public WeightsInfo pushWeights(byte[] safetensors, long policyVersion, String sha256, String kind) {
        return HttpClients.call(baseUrl, "push weights", () -> http.put().uri("/v1/weights")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header("X-Policy-Version", Long.toString(policyVersion))
                .header("X-Weights-Sha256", sha256)
                .header("X-Weights-Kind", kind)
                .body(safetensors)
                .retrieve().body(WeightsInfo.class));
    }

    /** Returns the policy version, checksum and kind the replica serves. */
    public WeightsInfo weights() {
        return HttpClients.call(baseUrl, "read served weights", () -> http.get().uri("/v1/weights")
                .retrieve().body(WeightsInfo.class));
    }
}
