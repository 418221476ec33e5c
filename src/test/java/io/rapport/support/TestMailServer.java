package io.rapport.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * One real SMTP server (GreenMail) for the whole test run, on a free port chosen once, so the shared Spring
 * context's mail settings never change. Tests read what arrived with {@link #greenMail()}; a test may stop and
 * start it to see the outbox retry (it comes back on the same port).
 */
public final class TestMailServer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final int PORT = freePort();
    private static final int IMAP_PORT = freePort();
    // IMAP too, so the e-mail channel polls a real mailbox and tests read customers' inboxes
    private static final GreenMail GREEN_MAIL = new GreenMail(new ServerSetup[] {
            new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(IMAP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});

    static {
        GREEN_MAIL.start();
    }

    public static int smtpPort() {
        return PORT;
    }

    public static int imapPort() {
        return IMAP_PORT;
    }

    public static GreenMail greenMail() {
        return GREEN_MAIL;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-mail-server",
                Map.of("spring.mail.host", "127.0.0.1", "spring.mail.port", PORT)));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
