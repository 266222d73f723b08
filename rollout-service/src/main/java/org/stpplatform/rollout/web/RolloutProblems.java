package org.stpplatform.rollout.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.stpplatform.common.web.ApiException;
import org.stpplatform.common.web.ProblemTypes;

/** Problems specific to the rollout service, with their stable type URIs. */
public final class RolloutProblems {

    /** The served policy version differs from the one the request expects. */
    public static final URI POLICY_VERSION_CONFLICT = ProblemTypes.of("policy-version-conflict");

    /** The generation queue is full. */
    public static final URI OVERLOADED = ProblemTypes.of("overloaded");

    /** The model is not loaded yet, or the service is stopping. */
    public static final URI UNAVAILABLE = ProblemTypes.of("unavailable");

    /** A weight push failed verification. */
    public static final URI INVALID_WEIGHTS = ProblemTypes.of("invalid-weights");

    /** A weight push names a version that is not newer than the served one. */
    public static final URI STALE_WEIGHTS = ProblemTypes.of("stale-weights");

    /** The bearer token is missing or wrong. */
    public static final URI UNAUTHORIZED = ProblemTypes.of("unauthorized");

    private RolloutProblems() {
    }

    /** Returns a 409 problem carrying {@code servedVersion} and {@code expectedVersion}. */
    public static ApiException versionConflict(long expected, long served) {
        return new ApiException(HttpStatus.CONFLICT, POLICY_VERSION_CONFLICT, "Policy version conflict",
                "The request expects policy version " + expected + " but the service serves version " + served
                        + "; wait for the expected version or ask for version " + served,
                List.of(), Map.of("servedVersion", served, "expectedVersion", expected));
    }

    /** Returns a 429 problem for a full generation queue. */
    public static RetryLaterException overloaded(int queued, int capacity, long retryAfterSeconds) {
        return new RetryLaterException(HttpStatus.TOO_MANY_REQUESTS, OVERLOADED, "Generation queue full",
                "The generation queue holds " + queued + " of " + capacity + " batches; retry after "
                        + retryAfterSeconds + " s or send fewer prompts",
                retryAfterSeconds);
    }

    /** Returns a 503 problem for a request that arrives before the model is loaded. */
    public static RetryLaterException modelLoading() {
        return new RetryLaterException(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE, "Model not loaded",
                "The model is still loading; retry when /actuator/health/readiness reports UP", 5);
    }

    /** Returns a 503 problem for work that the stopping service no longer accepts or runs. */
    public static RetryLaterException stopping() {
        return new RetryLaterException(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE, "Service stopping",
                "The rollout service is shutting down; retry against another replica", 5);
    }

    /** Returns a 500 problem for a batch that failed inside the engine; details are in the service log. */
    public static ApiException generationFailed(String requestId) {
        return new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL, "Generation failed",
                "Generation of request " + requestId + " failed inside the engine; the service log has the cause");
    }
}
