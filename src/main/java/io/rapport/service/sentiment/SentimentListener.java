package io.rapport.service.sentiment;

import io.rapport.service.TicketEvents.CustomerMessageAdded;
import io.rapport.service.TicketEvents.TicketCreated;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Scores each inbound customer message as it is written, in the intake's own transaction: scoring is pure and fast,
 * and doing it here means the ticket carries its sentiment before automation and escalation (which run after commit)
 * look at it. Below {@code rapport.sentiment.flag-below} the ticket is flagged and {@link SentimentFlagged} published.
 */
@Component
class SentimentListener {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final double flagBelow;
    private final SentimentScorer scorer = SentimentScorer.standard();

    SentimentListener(JdbcClient jdbc, ApplicationEventPublisher events,
                      @Value("${rapport.sentiment.flag-below:-0.5}") double flagBelow) {
        this.jdbc = jdbc;
        this.events = events;
        this.flagBelow = flagBelow;
    }

    @EventListener
    void on(TicketCreated e) {
        jdbc.sql("select id from ticket_messages where ticket_id = :t and direction = 'INBOUND' order by id limit 1")
                .param("t", e.ticketId()).query(Long.class).optional().ifPresent(id -> score(e.ticketId(), id, true));
    }

    @EventListener
    void on(CustomerMessageAdded e) {
        score(e.ticketId(), e.messageId(), false);
    }

    private void score(long ticketId, long messageId, boolean withSubject) {
        String text = jdbc.sql("""
                        select case when :subject then t.subject || '. ' else '' end || m.body_text
                          from ticket_messages m join tickets t on t.id = m.ticket_id
                         where m.id = :id and m.direction = 'INBOUND'""")
                .param("subject", withSubject).param("id", messageId).query(String.class).optional().orElse(null);
        if (text == null) return;
        double score = scorer.score(text);
        jdbc.sql("update ticket_messages set sentiment = :s where id = :id").param("s", score).param("id", messageId).update();
        boolean flag = score < flagBelow;
        jdbc.sql("update tickets set sentiment = :s, flagged = flagged or :flag where id = :id")
                .param("s", score).param("flag", flag).param("id", ticketId).update();
        if (flag) events.publishEvent(new SentimentFlagged(ticketId, messageId, score));
    }
}
