package io.rapport.service.surveys;

import io.rapport.service.TicketEvents;
import io.rapport.service.recovery.Recovery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * When a survey goes out: a complaint's recovery follow-up, and every solved ticket whose channel has surveys on.
 * After commit, in a transaction of its own, so a survey problem never undoes the change that triggered it.
 */
@Component
class SurveyTriggers {

    private static final Logger log = LoggerFactory.getLogger(SurveyTriggers.class);

    private final Surveys surveys;
    private final JdbcClient jdbc;

    SurveyTriggers(Surveys surveys, JdbcClient jdbc) {
        this.surveys = surveys;
        this.jdbc = jdbc;
    }

    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void onSolved(TicketEvents.StatusChanged event) {
        if (!"SOLVED".equals(event.to())) return;
        String channel = jdbc.sql("select channel from tickets where id = :t").param("t", event.ticketId())
                .query(String.class).optional().orElse(null);
        if (channel == null || !surveys.enabledFor(channel)) return;
        try {
            surveys.send(event.ticketId(), "SOLVED");
        } catch (RuntimeException e) {
            log.warn("Survey for solved ticket {} not sent: {}", event.ticketId(), e.getMessage());
        }
    }

    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void onFollowUp(Recovery.RecoveryFollowedUp event) {
        try {
            surveys.send(event.ticketId(), "RECOVERY");
        } catch (RuntimeException e) {
            log.warn("Survey for complaint {} not sent: {}", event.ticketId(), e.getMessage());
        }
    }
}
