package org.stpplatform.common.web;

import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/** Request id conventions: the {@code X-Request-Id} header and the MDC key {@code requestId}. */
public final class RequestIds {

    /** HTTP header that carries the request id in both directions. */
    public static final String HEADER = "X-Request-Id";

    /** MDC key under which the current request id is logged. */
    public static final String MDC_KEY = "requestId";

    /** Accepted client-supplied ids; anything else is replaced so logs cannot be forged or bloated. */
    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIds() {
    }

    /** Returns the client's id when it is well formed, otherwise a new random one. */
    static String acceptOrCreate(String clientId) {
        if (clientId != null && VALID_ID.matcher(clientId).matches()) {
            return clientId;
        }
        return UUID.randomUUID().toString();
    }

    /** Returns the request id of the current thread, or {@code null} outside a request. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }
}
