package org.stpplatform.rollout.web;

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
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.stpplatform.common.web.ProblemTypes;

/**
 * Rejects JSON request bodies above a size limit: a declared {@code Content-Length} above it gets a
 * 413 problem at once, and a body without a length fails to read after the limit, which the
 * shared advice reports as a malformed body.
 */
public class RequestSizeFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestSizeFilter.class);

    private final long maxBytes;

    public RequestSizeFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            log.warn("Rejected request body path={} contentLength={} maxBytes={}", request.getRequestURI(), declared,
                    maxBytes);
            response.setStatus(413);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write("{\"type\":\"" + ProblemTypes.of("request-too-large") + "\",\"title\":"
                    + "\"Request too large\",\"status\":413,\"detail\":\"The request body has " + declared
                    + " bytes but at most " + maxBytes + " are accepted (stp.rollout.limits.max-request-size);"
                    + " send fewer or shorter prompts\"}");
            return;
        }
        chain.doFilter(declared >= 0 ? request : new LimitedRequest(request, maxBytes), response);
    }

    /** Request whose body stream fails once more than {@code maxBytes} bytes are read. */
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
                    if (value >= 0 && ++count > maxBytes) {
                        throw new IOException("request body exceeds " + maxBytes + " bytes");
                    }
                    return value;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int read = delegate.read(buffer, offset, length);
                    if (read > 0) {
                        count += read;
                        if (count > maxBytes) {
                            throw new IOException("request body exceeds " + maxBytes + " bytes");
                        }
                    }
                    return read;
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
