package io.rapport.service.intake;

import io.rapport.customers.contacts.Contacts;
import io.rapport.platform.security.SharedRateLimit;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import io.rapport.service.InboundMessage;
import io.rapport.service.NewTicket;
import io.rapport.service.TicketIntake;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A post to the public support form: rate limit per client address (in PostgreSQL, so every node shares it),
 * honeypot, validation, then a WEB ticket for the contact with that e-mail (the oldest, if several) or a new contact
 * owned by the user and team set in {@link SupportFormSettings}.
 */
@Service
public class SupportForm {

    /** Hidden from people (off-screen, aria-hidden); bots fill every field they find. */
    public static final String HONEYPOT = "contact_me_by_fax";

    public enum Outcome { CREATED, DISCARDED }

    private final TicketIntake intake;
    private final Contacts contacts;
    private final JsonMapper json;
    private final TransactionTemplate tx;
    private final SharedRateLimit posts;
    private final SupportFormSettings settings;

    SupportForm(JdbcClient jdbc, TicketIntake intake, Contacts contacts, JsonMapper json, TransactionTemplate tx,
                @Value("${rapport.tickets.support-posts-per-minute:5}") int perMinute, SupportFormSettings settings) {
        this.settings = settings;
        this.intake = intake;
        this.contacts = contacts;
        this.json = json;
        this.tx = tx;
        this.posts = new SharedRateLimit(jdbc, tx.getTransactionManager(), "support_form_posts", null, perMinute);
    }

    public Outcome submit(Map<String, String> values, String clientAddress) {
        admit(clientAddress);
        String trap = values.get(HONEYPOT);
        if (trap != null && !trap.isBlank()) return Outcome.DISCARDED;  // a bot: answer as if all went well, keep nothing
        var body = json.createObjectNode();
        values.forEach((k, v) -> { if (!k.equals(HONEYPOT)) body.put(k, v); });
        JsonFields in = new JsonFields(body, Set.of("name", "email", "subject", "message"));
        String name = in.text("name", 200);
        String email = in.text("email", 254);
        String subject = in.text("subject", 300);
        String message = in.text("message", 20_000);
        if (name == null && in.errors().stream().noneMatch(e -> e.field().equals("name"))) in.error("name", "required");
        if (email == null && in.errors().stream().noneMatch(e -> e.field().equals("email"))) in.error("email", "required");
        else if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) in.error("email", "not an e-mail address");
        if (subject == null && in.errors().stream().noneMatch(e -> e.field().equals("subject"))) in.error("subject", "required");
        if (message == null && in.errors().stream().noneMatch(e -> e.field().equals("message"))) in.error("message", "required");
        in.throwIfInvalid();
        tx.executeWithoutResult(s -> {
            // the same find-or-create as mail intake: indexed look-up, locked per address, audited
            SupportFormSettings.Settings owner = settings.current();
            long contact = contacts.findOrCreateByEmail(email, name, "support form", owner.contactOwnerId(), owner.contactTeamId());
            intake.open(new NewTicket(subject, NewTicket.Channel.WEB, contact, null, null, null, null, null, List.of("web-form"),
                    InboundMessage.text(message, contact)));
        });
        return Outcome.CREATED;
    }

    /** Counts this post, or refuses it with 429 when the address used up its minute. Commits on its own. */
    void admit(String clientAddress) {
        if (!posts.admit(clientAddress)) {
            throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many submissions",
                    "The support form accepts at most " + posts.perMinute() + " requests a minute from one address; try again in a minute",
                    List.of());
        }
    }

    static ApiProblem tooLarge() {
        return Problems.tooLarge(64 * 1024);
    }
}
