package io.rapport.service.mail;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The recurring mailbox poll (db-scheduler: one execution at a time across the cluster; leases guard each mailbox too). */
@Configuration
class MailJobs {

    @Bean
    RecurringTask<Void> mailboxPollJob(MailboxPoller poller, @Value("${rapport.service.mail.poll-interval:PT30S}") Duration interval) {
        return Tasks.recurring("service-mailbox-poll", FixedDelay.of(interval))
                .execute((instance, context) -> poller.pollAll());
    }
}
