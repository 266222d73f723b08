package org.stpplatform.common.web;

import java.net.URI;

/**
 * Stable problem type URIs (RFC 9457 {@code type}) shared by the services. Clients may switch on
 * them; the URIs identify the kind of problem and are not meant to be fetched.
 */
public final class ProblemTypes {

    /** Prefix of every problem type of the platform. */
    public static final String BASE = "https://stp-platform.dev/problems/";

    /** One or more request fields are invalid; the {@code errors} array names each. */
    public static final URI VALIDATION = URI.create(BASE + "validation");

    /** The request body is not readable JSON or does not match the expected shape. */
    public static final URI MALFORMED_REQUEST = URI.create(BASE + "malformed-request");

    /** The requested resource does not exist. */
    public static final URI NOT_FOUND = URI.create(BASE + "not-found");

    /** The request conflicts with the current state of the resource. */
    public static final URI CONFLICT = URI.create(BASE + "conflict");

    /** The server failed unexpectedly; the detail carries the request id to quote. */
    public static final URI INTERNAL = URI.create(BASE + "internal");

    /** Any other HTTP-level error (method not allowed, unsupported media type, ...). */
    public static final URI HTTP = URI.create(BASE + "http");

    private ProblemTypes() {
    }

    /** Returns the type URI for a problem name, e.g. {@code of("lease-not-held")}. */
    public static URI of(String name) {
        return URI.create(BASE + name);
    }
}
