package org.stpplatform.trainer.client;

/** Another service rejected a request with a 4xx status; repeating the same request fails again. */
public class RemoteRequestException extends RuntimeException {

    private final int status;
    private final String responseBody;

    public RemoteRequestException(String message, int status, String responseBody) {
        super(message);
        this.status = status;
        this.responseBody = responseBody;
    }

    public int status() {
        return status;
    }

    /** Returns the response body (usually a problem detail), at most a few kilobytes. */
    public String responseBody() {
        return responseBody;
    }
}
