package io.rapport.service.metrics;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.rapport.service.TicketEvents;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores the business-time figures when they happen: on the first public agent reply and on every status change
 * (a solve measures the resolution up to this solve), synchronously in the ticket's transaction, in a savepoint so a
 * failure here never undoes the reply or the solve (the catch-up job measures it later). The catch-up job runs every
 * {@code rapport.service.metrics.catch-up-interval} on one node at a time (db-scheduler) and measures whatever is
 * missing in batches: existing tickets after the V27 migration, rows changed by other paths.
 */
@Configuration
class BusinessTimeListener {

    private static final Logger log = LoggerFactory.getLogger(BusinessTimeListener.class);
    private static final int BATCH = 500;

    private final BusinessTimes times;
    private final TransactionTemplate nested;

    BusinessTimeListener(@Lazy BusinessTimes times, TransactionTemplate tx) {
        this.times = times;
        this.nested = new TransactionTemplate(tx.getTransactionManager());
        this.nested.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_NESTED);
    }

    @EventListener
    void on(TicketEvents.AgentReplied e) {
        measure(e.ticketId());
    }

    @EventListener
    void on(TicketEvents.StatusChanged e) {
        if ("SOLVED".equals(e.to()) || "CLOSED".equals(e.to())) measure(e.ticketId());
    }

    private void measure(long ticketId) {
        try {
            nested.executeWithoutResult(s -> times.measure(ticketId));
        } catch (RuntimeException ex) {
            log.warn("Business-time figures of ticket {} not stored now; the catch-up job will measure them", ticketId, ex);
        }
    }

    @Bean
    RecurringTask<Void> serviceMetricsCatchUpTask(@Lazy BusinessTimes times,
                                                  @Value("${rapport.service.metrics.catch-up-interval:PT1M}") Duration interval) {
        return Tasks.recurring("service-metrics-business-times", FixedDelay.of(interval)).execute((instance, context) -> {
            long until = System.nanoTime() + Duration.ofSeconds(50).toNanos();
            int n;
            do {
                n = times.measurePending(null, null, BATCH);
            } while (n == BATCH && System.nanoTime() < until);
        });
    }
}
