package org.stpplatform.common.web;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpStatus;

/**
 * Domain error that the shared advice turns into an RFC 9457 problem detail. The message becomes
 * the problem's {@code detail} and is sent to the client, so it must name the value and the fix
 * without internals (no stack traces, SQL or class names).
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final URI type;
    private final String title;
    private final List<FieldViolation> errors;
    private final Map<String, Object> properties;

    public ApiException(HttpStatus status, URI type, String title, String detail) {
        this(status, type, title, detail, List.of(), Map.of());
    }

    /**
     * Creates an exception with field errors and extra problem members.
     *
     * @param errors entries of the {@code errors} array; empty for none
     * @param properties extra members of the problem body, e.g. {@code servedVersion}
     */
    public ApiException(HttpStatus status, URI type, String title, String detail,
            List<FieldViolation> errors, Map<String, Object> properties) {
        super(detail);
        this.status = Objects.requireNonNull(status, "status");
        this.type = Objects.requireNonNull(type, "type");
        this.title = Objects.requireNonNull(title, "title");
        this.errors = List.copyOf(errors);
        this.properties = new LinkedHashMap<>(properties);
    }

    /** Creates a 404 problem for a resource that does not exist. */
    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Resource not found", detail);
    }

    /** Creates a 400 validation problem for one invalid field. */
    public static ApiException invalidField(String field, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
                "Invalid value for '" + field + "': " + message,
                List.of(new FieldViolation(field, message)), Map.of());
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<FieldViolation> errors() {
        return errors;
    }

    public Map<String, Object> properties() {
        return Collections.unmodifiableMap(properties);
    }
}
