package io.rapport.feedback.answers;

import io.rapport.feedback.SurveyKind;
import io.rapport.feedback.loop.ClosingTheLoop;
import io.rapport.service.CsatAnswered;
import io.rapport.service.TextSentiment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Every answer to the service desk's CSAT lands in survey_responses too (source SERVICE_CSAT, one row per ticket,
 * the comment kept current), after the answer committed, through Modulith's event registry (retried when it
 * fails). The first time a ticket's score arrives, an unhappy score (1–2) opens a follow-up for the contact's owner;
 * the service desk already put the answer on the timeline.
 */
@Component
class ServiceCsatListener {

    private final JdbcClient jdbc;
    private final TopicRules topics;
    private final ClosingTheLoop loop;

    ServiceCsatListener(JdbcClient jdbc, TopicRules topics, ClosingTheLoop loop) {
        this.jdbc = jdbc;
        this.topics = topics;
        this.loop = loop;
    }

    @ApplicationModuleListener
    void on(CsatAnswered e) {
        if (!SurveyKind.CSAT.accepts(e.score()) || e.answeredAt() == null) return;
        String comment = e.comment() == null || e.comment().isBlank() ? null : e.comment().strip();
        Boolean inserted = jdbc.sql("""
                        insert into survey_responses (kind, score, contact_id, account_id, ticket_id, comment, source, answered_at,
                                                      sentiment, topics)
                        select 'CSAT', :score, c.id, coalesce(t.account_id, c.account_id), t.id, :comment, 'SERVICE_CSAT', :at,
                               :sentiment, :topics
                          from tickets t left join contacts c on c.id = :contact
                         where t.id = :ticket
                        on conflict (ticket_id) where source = 'SERVICE_CSAT'
                        do update set comment = excluded.comment, sentiment = excluded.sentiment, topics = excluded.topics
                        returning (xmax = 0)""")
                .param("score", e.score()).param("comment", comment).param("at", java.sql.Timestamp.from(e.answeredAt()))
                .param("sentiment", comment == null ? null : TextSentiment.score(comment))
                .param("topics", topics.topics(comment).toArray(String[]::new))
                .param("contact", e.contactId()).param("ticket", e.ticketId())
                .query(Boolean.class).optional().orElse(false);
        if (inserted && e.contactId() != null) {
            loop.followUp(e.contactId(), SurveyKind.CSAT, e.score(), "Service CSAT", e.ticketId(), null, comment);
        }
    }
}
