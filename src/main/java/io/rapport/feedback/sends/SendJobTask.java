package io.rapport.feedback.sends;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Hands the send job's task to the node's scheduler (platform jobs collects every task bean). */
@Configuration(proxyBeanMethods = false)
class SendJobTask {

    @Bean
    OneTimeTask<Long> surveySendTask(SendJob job) {
        return job.task();
    }
}
