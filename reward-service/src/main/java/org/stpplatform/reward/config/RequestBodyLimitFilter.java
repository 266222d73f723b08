package org.stpplatform.reward.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import org.stpplatform.common.web.ProblemTypes;
import org.stpplatform.common.web.RequestIds;

/**
 * Rejects request bodies over {@code stp.reward.limits.max-request-bytes} before they are parsed, so
 * that one large request cannot exhaust the heap. A declared Content-Length over the limit gets 413;
 * a chunked body is cut off at the limit, which the JSON reader reports as a malformed body (400).
 */
class RequestBodyLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestBodyLimitFilter.class);

    private final long maxBytes;

    RequestBodyLimitFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            log.info("Request rejected requestId={} contentLength={} maxBytes={}",
                    RequestIds.current(), declared, maxBytes);
            writeTooLarge(response, declared);
            return;
        }
        chain.doFilter(declared >= 0 ? request : new LimitedRequest(request, maxBytes), response);
    }

    private void writeTooLarge(HttpServletResponse response, long declared) throws IOException {
        response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
        response.setContentType("application/problem+json");
        String body = "{\"type\":\"" + ProblemTypes.of("payload-too-large") + "\",\"title\":\"Payload too large\","
                + "\"status\":413,\"detail\":\"The request body has " + declared + " bytes; the limit is " + maxBytes
                + " bytes (stp.reward.limits.max-request-bytes). Split the batch into smaller requests.\"}";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Request whose body stream fails once more than {@code maxBytes} bytes were read. */
    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long maxBytes;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream delegate = super.getInputStream();
            return new ServletInputStream() {
                private long count;

                @Override
                public int read() throws IOException {
                    int value = delegate.read();
                    if (value >= 0) {
                        count(1);
                    }
                    return value;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int read = delegate.read(buffer, offset, length);
                    if (read > 0) {
                        count(read);
                    }
                    return read;
                }

                private void count(int bytes) throws IOException {
                    count += bytes;
                    if (count > maxBytes) {
                        throw new IOException("request body exceeds " + maxBytes + " bytes");
                    }
                }

                @Override
                public boolean isFinished() {
                    return delegate.isFinished();
                }

                @Override
                public boolean isReady() {
                    return delegate.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    delegate.setReadListener(listener);
                }
            };
        }
    }
}
