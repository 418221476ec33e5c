package io.rapport.sales.webforms;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

@Configuration
class FormJobs {

    /** The rate-limit ledger only needs the last minute; this keeps it small. */
    @Bean
    RecurringTask<Void> webFormPostCleanupTask(@Lazy FormRateLimit limit) {
        return Tasks.recurring("web-form-post-cleanup", FixedDelay.of(Duration.ofMinutes(15)))
                .execute((instance, context) -> limit.forgetOld());
    }
}
