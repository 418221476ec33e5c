package io.rapport.sales.stale;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Runs the stale-deal rule on one node at a time (db-scheduler), every {@code rapport.deals.stale-interval}. */
@Configuration
class StaleDealJob {

    @Bean
    RecurringTask<Void> staleDealsJob(StaleDeals stale, @Value("${rapport.deals.stale-interval:PT1H}") Duration interval) {
        return Tasks.recurring("stale-deals", FixedDelay.of(interval)).execute((instance, context) -> stale.run());
    }
}
