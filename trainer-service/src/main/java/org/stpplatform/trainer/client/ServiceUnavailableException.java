package org.stpplatform.trainer.client;

/** Another service could not be reached, timed out or responded with a 5xx status; a retry may succeed. */
public class ServiceUnavailableException extends RuntimeException {

    private final String baseUrl;

    public ServiceUnavailableException(String baseUrl, String message, Throwable cause) {
        super(message, cause);
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }
}
