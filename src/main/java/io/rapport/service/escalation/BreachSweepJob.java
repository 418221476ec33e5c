package io.rapport.service.escalation;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/** The breach sweep as a db-scheduler recurring task: one node at a time, every {@code rapport.sla.sweep-interval}. */
@Configuration
class BreachSweepJob {

    @Bean
    RecurringTask<Void> slaBreachSweepTask(@Lazy BreachSweep sweep,
                                          @Value("${rapport.sla.sweep-interval:PT30S}") Duration interval) {
        return Tasks.recurring("sla-breach-sweep", FixedDelay.of(interval)).execute((instance, context) -> sweep.run());
    }
}
