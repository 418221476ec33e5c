package io.rapport.sales.scoring;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * Scoring in the background, on db-scheduler (one node runs each execution): rescoring every lead after a rule
 * change on a large book, and the recurring pass that lets "no activity in N days" rules take points away.
 */
@Configuration
class ScoringJobs {

    @Bean
    Task<String> leadRescoreAllTask(@Lazy LeadScoring scoring) {
        return Tasks.oneTime("lead-rescore-all", String.class).execute((instance, context) -> scoring.rescoreAll());
    }

    @Bean
    RecurringTask<Void> leadScoreDecayTask(@Lazy LeadScoring scoring,
                                           @Value("${rapport.leads.decay-interval:PT6H}") Duration interval) {
        return Tasks.recurring("lead-score-decay", FixedDelay.of(interval)).execute((instance, context) -> scoring.rescoreAll());
    }
}
