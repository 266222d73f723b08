package org.stpplatform.rollout.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.stpplatform.rollout.web.RolloutProblems;

/**
 * Requires {@code Authorization: Bearer <token>} on the paths it is registered for. The
 * comparison takes the same time for every wrong token of a given length, and the token is never logged.
 */
public class ApiTokenFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ApiTokenFilter.class);
    private static final String BEARER_PREFIX = "Bearer ";

    private final byte[] expected;

    public ApiTokenFilter(String token) {
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.startsWith(BEARER_PREFIX)
                && MessageDigest.isEqual(expected, header.substring(BEARER_PREFIX.length()).trim()
                        .getBytes(StandardCharsets.UTF_8))) {
            chain.doFilter(request, response);
            return;
        }
        log.warn("Rejected request without a valid bearer token method={} path={} remote={}", request.getMethod(),
                request.getRequestURI(), request.getRemoteAddr());
        String detail = header == null
                ? "The Authorization header is missing; send 'Authorization: Bearer <token>' with the configured API token"
                : "The bearer token is not valid; send the token configured as stp.security.api-token";
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"" + RolloutProblems.UNAUTHORIZED + "\",\"title\":\"Unauthorized\","
                + "\"status\":401,\"detail\":\"" + detail + "\",\"instance\":\"" + jsonEscape(request.getRequestURI())
                + "\"}");
    }

    private static String jsonEscape(String value) {
        StringBuilder escaped = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c < 0x20) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
