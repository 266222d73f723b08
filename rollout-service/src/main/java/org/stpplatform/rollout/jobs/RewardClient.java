package org.stpplatform.rollout.jobs;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import org.stpplatform.common.api.SubmitGroupRequest;
import org.stpplatform.rollout.config.RolloutProperties;

/**
 * Submits scored-group requests to a reward service ({@code POST /v1/groups}), retrying connection
 * failures, 429 and 5xx responses with exponential backoff. The reward service makes a submission
 * idempotent on (runId, step, promptId, policyVersion), so a retry after a lost answer is safe.
 */
public class RewardClient {

    private static final Logger log = LoggerFactory.getLogger(RewardClient.class);
    private static final int MAX_ERROR_BODY_CHARS = 300;

    private final RestClient restClient;
    private final RolloutProperties.Jobs settings;

    public RewardClient(RestClient.Builder builder, RolloutProperties.Jobs settings) {
        HttpClient httpClient = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(httpClient);
        factory.setReadTimeout(settings.requestTimeout());
        this.restClient = builder.requestFactory(factory).build();
        this.settings = settings;
    }

    /** Thrown when the reward service rejects a group or stays unreachable after every retry. */
    public static class SubmissionFailedException extends RuntimeException {
        public SubmissionFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Checks that a reward-service URL is an http(s) URL on an allowed host.
     *
     * @return the parsed base URL, without a trailing slash
     * @throws IllegalArgumentException naming the problem and the allowed hosts
     */
    public URI checkBaseUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim().replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a valid URL", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("must be an http or https URL such as http://localhost:8081");
        }
        if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("must be a base URL without user info, query or fragment");
        }
        String host = uri.getHost() == null ? "" : uri.getHost().replace("[", "").replace("]", "");
        List<String> allowed = settings.allowedRewardHosts();
        if (allowed.stream().noneMatch(h -> h.equalsIgnoreCase(host))) {
            throw new IllegalArgumentException("has host '" + host + "', which is not in"
                    + " stp.rollout.jobs.allowed-reward-hosts " + allowed + "; add it there or use an allowed host");
        }
        return uri;
    }

    /**
     * Submits one group, retrying transient failures.
     *
     * @throws SubmissionFailedException when the reward service rejects the group with a 4xx other
     *     than 429, or when every attempt failed
     * @throws InterruptedException when interrupted while waiting to retry
     */
    public void submit(URI baseUrl, SubmitGroupRequest group, String jobId) throws InterruptedException {
        URI target = URI.create(baseUrl + "/v1/groups");
        Duration backoff = settings.initialBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                restClient.post()
                        .uri(target)
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("X-Request-Id", jobId)
                        .body(group)
                        .retrieve()
                        .toBodilessEntity();
                return;
            } catch (RestClientResponseException e) {
                HttpStatusCode status = e.getStatusCode();
                if (!retryable(status)) {
                    throw new SubmissionFailedException("the reward service rejected group promptId="
                            + group.promptId() + " with status " + status.value() + ": " + errorBody(e), e);
                }
                retryOrFail(attempt, backoff, group, jobId, "status " + status.value(), e);
            } catch (ResourceAccessException e) {
                Throwable cause = e.getMostSpecificCause();
                retryOrFail(attempt, backoff, group, jobId, "connection to " + target + " failed: "
                        + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage()), e);
            }
            Thread.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2);
            if (backoff.compareTo(settings.maxBackoff()) > 0) {
                backoff = settings.maxBackoff();
            }
        }
    }

    private void retryOrFail(int attempt, Duration backoff, SubmitGroupRequest group, String jobId, String error,
            RuntimeException cause) {
        if (attempt >= settings.maxAttempts()) {
            throw new SubmissionFailedException("submitting group promptId=" + group.promptId() + " failed after "
                    + attempt + " attempts; last error: " + error, cause);
        }
        log.warn("Retrying group submission jobId={} promptId={} attempt={} backoffMs={} error={}", jobId,
                group.promptId(), attempt, backoff.toMillis(), error);
    }

    private static boolean retryable(HttpStatusCode status) {
        return status.is5xxServerError() || status.value() == 429;
    }

    private static String errorBody(RestClientResponseException e) {
        String body = e.getResponseBodyAsString();
        return body.length() > MAX_ERROR_BODY_CHARS ? body.substring(0, MAX_ERROR_BODY_CHARS) + "..." : body;
    }
}
