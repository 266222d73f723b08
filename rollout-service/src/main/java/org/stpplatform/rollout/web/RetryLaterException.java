package org.stpplatform.rollout.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.stpplatform.common.web.ApiException;

/** A 429 or 503 problem whose {@code Retry-After} header gives the seconds to wait before a retry. */
public class RetryLaterException extends ApiException {

    private final long retryAfterSeconds;

    public RetryLaterException(HttpStatus status, URI type, String title, String detail, long retryAfterSeconds) {
        super(status, type, title, detail, List.of(), Map.of("retryAfterSeconds", retryAfterSeconds));
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
