package io.rapport.service;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import java.time.Instant;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tickets for the recovery/survey/QA/metrics tests, opened through {@link TicketIntake} (the shared contract) and
 * shaped with plain SQL — the tickets lane's API lives on another branch.
 */
public record ServiceFixtures(Api api, ApiFixtures fx, TicketIntake intake, JdbcClient jdbc, ApplicationEventPublisher events,
                              TransactionTemplate tx) {

    /** A contact with an e-mail address, owned by {@code ownerId} (may be null). */
    public long contact(String email, Long ownerId) {
        String body = "{\"firstName\":\"Cora\",\"lastName\":\"" + Api.unique("Csat") + "\",\"emails\":[\"" + email + "\"]"
                + (ownerId == null ? "" : ",\"ownerId\":" + ownerId) + "}";
        return fx.contact(fx.admin(), body).get("id").asLong();
    }

    public long ticket(String type, NewTicket.Channel channel, Long requesterId, Long assigneeId, Long teamId) {
        long id = intake.open(new NewTicket("Broken " + Api.unique("t"), channel, requesterId, null, null, type, teamId, assigneeId,
                null, InboundMessage.text("It arrived broken.", requesterId)));
        return id;
    }

    /** Moves the ticket to a status the way the tickets lane does (row + history), then publishes StatusChanged after commit. */
    public void status(long ticketId, String to, Long by) {
        tx.executeWithoutResult(s -> {
            String from = jdbc.sql("select status from tickets where id = :t").param("t", ticketId).query(String.class).single();
            jdbc.sql("update tickets set status = :s, solved_at = case when :s = 'SOLVED' then now() else solved_at end where id = :t")
                    .param("s", to).param("t", ticketId).update();
            jdbc.sql("insert into ticket_status_history (ticket_id, from_status, to_status, changed_by) values (:t, :f, :s, :b)")
                    .param("t", ticketId).param("f", from).param("s", to).param("b", by).update();
            events.publishEvent(new TicketEvents.StatusChanged(ticketId, from, to, by));
        });
    }

    /** A public agent reply written straight into the conversation (counted by the V25 trigger). */
    public void agentReply(long ticketId, long agentId, Instant at) {
        jdbc.sql("""
                insert into ticket_messages (ticket_id, kind, direction, channel, author_user_id, body_text, created_at)
                values (:t, 'PUBLIC', 'OUTBOUND', 'EMAIL', :a, 'We are on it.', :at)""")
                .param("t", ticketId).param("a", agentId).param("at", java.sql.Timestamp.from(at)).update();
    }
}
