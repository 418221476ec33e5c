package io.rapport.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses API bodies above the limit with 413 before anything parses them: by Content-Length when
 * given, and by counting bytes for chunked uploads. Upload paths (CSV import) have their own, larger limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class BodySizeLimitFilter extends OncePerRequestFilter {

    /** Room for the multipart framing and small parts around an upload's file. */
    private static final long MULTIPART_OVERHEAD = 1024 * 1024;

    private final long limit;
    private final java.util.Set<String> uploadPaths;
    private final long uploadLimit;
    private final ProblemWriter problems;

    public BodySizeLimitFilter(@Value("${rapport.api.max-body-bytes}") long limit,
                               @Value("${rapport.api.upload-paths:}") java.util.Set<String> uploadPaths,
                               @Value("${rapport.api.max-upload-bytes:0}") long uploadLimit, ProblemWriter problems) {
        this.limit = limit;
        this.uploadPaths = uploadPaths;
        this.uploadLimit = uploadLimit;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return !request.getRequestURI().startsWith("/api/") || method.equals("GET") || method.equals("HEAD");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean upload = isUploadPath(request.getRequestURI());
        long max = upload ? uploadLimit + MULTIPART_OVERHEAD : limit;
        if (request.getContentLengthLong() > max) {
            problems.write(response, Problems.tooLarge(upload ? uploadLimit : limit));
            return;
        }
        chain.doFilter(new LimitedRequest(request, max), response);
    }

    /** An upload path, where a {@code *} stands for one path segment (an id). */
    private boolean isUploadPath(String uri) {
        return uploadPaths.contains(uri) || uploadPaths.stream()
                .anyMatch(p -> p.contains("*") && uri.matches(java.util.regex.Pattern.quote(p).replace("*", "\\E[^/]+\\Q")));
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long count;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0 && ++count > limit) throw Problems.tooLarge(limit);
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int n = in.read(buf, off, len);
                        if (n > 0 && (count += n) > limit) throw Problems.tooLarge(limit);
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
