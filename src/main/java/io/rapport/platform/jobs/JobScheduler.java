package io.rapport.platform.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The node's db-scheduler, built from every {@link Task} bean in the context. Recurring tasks are scheduled on
 * start; one-time tasks are scheduled through {@link #client()} and run at once on whichever node picks them.
 */
@Component
public class JobScheduler implements SmartLifecycle {

    private final Scheduler scheduler;
    private volatile boolean running;

    JobScheduler(DataSource dataSource, ObjectProvider<Task<?>> taskBeans,
                 @Value("${rapport.jobs.threads:4}") int threads,
                 @Value("${rapport.jobs.polling-interval:PT2S}") Duration pollingInterval) {
        List<Task<?>> tasks = taskBeans.orderedStream().toList();
        List<RecurringTask<?>> recurring = tasks.stream()
                .filter(RecurringTask.class::isInstance).<RecurringTask<?>>map(t -> (RecurringTask<?>) t).toList();
        // recurring tasks are known through startTasks; listing them in create() too would register them twice
        List<Task<?>> others = tasks.stream().filter(t -> !(t instanceof RecurringTask<?>)).toList();
        this.scheduler = Scheduler.create(dataSource, others)
                .startTasks(recurring)
                .threads(threads)
                .pollingInterval(pollingInterval)
                .enableImmediateExecution()
                .shutdownMaxWait(Duration.ofSeconds(10))
                .build();
    }

    /** Schedules, reschedules and cancels executions; usable before the scheduler has started. */
    public SchedulerClient client() {
        return scheduler;
    }

    @Override
    public void start() {
        scheduler.start();
        running = true;
    }

    @Override
    public void stop() {
        scheduler.stop();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
