package io.rapport.analytics.churn;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * Retrains and rescores the churn-risk model on a schedule (db-scheduler: one node at a time), every
 * {@code rapport.analytics.churn-risk-interval} (a day). Only once someone has trained a first model, and only when the
 * latest one is older than the interval, so a restart does not retrain.
 */
@Configuration
class ChurnRiskRetrainJob {

    @Bean
    RecurringTask<Void> churnRiskRetrainTask(@Lazy ChurnRisk risk,
                                             @Value("${rapport.analytics.churn-risk-interval:P1D}") Duration interval) {
        return Tasks.recurring("churn-risk-retrain", FixedDelay.of(interval)).execute((instance, context) -> {
            risk.latest().filter(m -> m.trainedAt().isBefore(Instant.now().minus(interval).plusSeconds(60)))
                    .ifPresent(m -> risk.train(null));
        });
    }
}
