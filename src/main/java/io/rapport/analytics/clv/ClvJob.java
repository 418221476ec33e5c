package io.rapport.analytics.clv;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Refits the CLV model nightly (db-scheduler: one node runs it) as of yesterday, in the configured time unit. */
@Configuration
class ClvJob {

    private static final Logger log = LoggerFactory.getLogger(ClvJob.class);

    @Bean
    RecurringTask<Void> clvRefitJob(ClvService service, ClvFits fits,
                                    @Value("${rapport.analytics.clv.refit-at:02:30}") String at,
                                    @Value("${rapport.analytics.clv.time-unit:WEEKS}") String unit) {
        return Tasks.recurring("clv-refit", Schedules.daily(LocalTime.parse(at))).execute((instance, context) -> {
            LocalDate asOf = LocalDate.now(ZoneOffset.UTC).minusDays(1);
            try {
                ClvFits.FitRecord f = service.run(asOf, TimeUnit.parse(unit), fits.defaults(), null);
                log.info("CLV refit as of {}: {} ({} customers, {} ms)", asOf, f.status(), f.customers(), f.durationMs());
            } catch (io.rapport.platform.web.ApiProblem e) {
                log.info("CLV refit as of {} skipped: {}", asOf, e.getMessage());
            }
        });
    }
}
