package io.rapport.feedback.sending;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.rapport.commerce.OrderPlaced;
import io.rapport.feedback.surveys.Survey;
import io.rapport.feedback.surveys.SurveyDefinitions;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What sends feedback's own surveys without a person: an order placed (every active AFTER_ORDER survey), and the
 * periodic relationship NPS (every active RELATIONSHIP survey, to customers not asked for the interval). Each send
 * obeys consent and the throttle; a refusal is recorded, not retried. Solved tickets keep the service desk's CSAT.
 */
@Configuration
public class SendTriggers {

    private static final Logger log = LoggerFactory.getLogger(SendTriggers.class);

    private final SurveyDefinitions surveys;
    private final Invitations invitations;
    private final FeedbackSettings settings;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    SendTriggers(SurveyDefinitions surveys, Invitations invitations, FeedbackSettings settings, JdbcClient jdbc,
                 TransactionTemplate tx) {
        this.surveys = surveys;
        this.invitations = invitations;
        this.settings = settings;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @ApplicationModuleListener
    void on(OrderPlaced event) {
        if (event.contactId() == null) return;
        for (Survey s : surveys.activeWithTrigger("AFTER_ORDER")) {
            Invitations.Outcome o = invitations.send(s, event.contactId(), event.orderId(), "AFTER_ORDER");
            log.debug("After-order survey {} for order {}: {}", s.id(), event.orderId(), o.sent() ? "sent" : o.refusal());
        }
    }

    /** Sends the relationship NPS to the contacts due; returns how many invitations were sent. */
    public int runRelationship() {
        FeedbackSettings.Values v = settings.current();
        int sent = 0;
        for (Survey s : surveys.activeWithTrigger("RELATIONSHIP")) {
            List<Long> due = jdbc.sql("""
                            select c.id from contacts c
                             where c.lifecycle_stage in ('CUSTOMER','CLIENT','ADVOCATE') and cardinality(c.emails) > 0 and c.email_consent
                               and not exists (select 1 from survey_invitations i where i.contact_id = c.id and i.survey_id = :s
                                                  and i.created_at > now() - make_interval(days => :interval))
                               and not exists (select 1 from survey_invitations i where i.contact_id = c.id and i.status <> 'REFUSED'
                                                  and i.created_at > now() - make_interval(days => :throttle))
                             order by c.id limit :batch""")
                    .param("s", s.id()).param("interval", v.relationshipIntervalDays()).param("throttle", v.throttleDays())
                    .param("batch", v.relationshipBatch()).query(Long.class).list();
            for (long contactId : due) {
                Invitations.Outcome o = tx.execute(st -> invitations.send(s, contactId, null, "RELATIONSHIP"));
                if (o != null && o.sent()) sent++;
            }
        }
        if (sent > 0) log.info("Relationship NPS: {} surveys sent", sent);
        return sent;
    }

    @Bean
    RecurringTask<Void> relationshipNpsJob(@Value("${rapport.feedback.relationship-interval:PT6H}") Duration every) {
        return Tasks.recurring("feedback-relationship-nps", FixedDelay.of(every)).execute((instance, context) -> runRelationship());
    }
}
