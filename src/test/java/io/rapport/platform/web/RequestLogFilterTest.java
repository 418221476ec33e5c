package io.rapport.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestLogFilterTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger("rapport.requests");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Level levelBefore;

    @BeforeEach
    void listen() {
        levelBefore = logger.getLevel();  // the shared test context turns request lines down to WARN
        logger.setLevel(Level.INFO);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(lines);
        logger.setLevel(levelBefore);
    }

    @Test
    void logsMethodPathAndStatusButNeverTheQueryOrBody() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/contacts");
        request.setQueryString("q=anna.schmidt@example.com");
        request.setContent("{\"lastName\":\"Schmidt\",\"emails\":[\"anna.schmidt@example.com\"]}".getBytes());
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.setStatus(302);

        new RequestLogFilter().doFilter(request, response, new MockFilterChain());

        assertThat(lines.list).hasSize(1);
        String line = lines.list.getFirst().getFormattedMessage();
        assertThat(line).startsWith("POST /contacts 302 ").contains("user=-");
        assertThat(line).doesNotContain("anna").doesNotContain("Schmidt").doesNotContain("example.com");
    }
}
