package io.rapport.activities.reminders;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The two recurring jobs (run by {@code platform :: jobs}, one node at a time): deliver reminders, send mail. */
@Configuration
class ReminderJobs {

    /** Safety bound per run, so one run never holds the scheduler thread for long. */
    static final int MAX_BATCHES_PER_RUN = 50;

    @Bean
    RecurringTask<Void> taskRemindersJob(ReminderDelivery delivery, MailOutbox outbox,
                                         @Value("${rapport.reminders.interval:PT30S}") Duration interval) {
        return com.github.kagkarlsson.scheduler.task.helper.Tasks.recurring("task-reminders", FixedDelay.of(interval))
                .execute((instance, context) -> {
                    int batches = 0;
                    while (delivery.deliverDueBatch() == ReminderDelivery.BATCH && ++batches < MAX_BATCHES_PER_RUN) {
                        // more are due: keep going
                    }
                    outbox.sendDue();  // reminders just queued go out at once rather than on the mail job's next turn
                });
    }

    @Bean
    RecurringTask<Void> mailOutboxJob(MailOutbox outbox, @Value("${rapport.mail.outbox-interval:PT30S}") Duration interval) {
        return com.github.kagkarlsson.scheduler.task.helper.Tasks.recurring("mail-outbox", FixedDelay.of(interval))
                .execute((instance, context) -> outbox.sendDue());
    }
}
