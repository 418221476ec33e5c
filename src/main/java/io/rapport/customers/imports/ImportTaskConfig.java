package io.rapport.customers.imports;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The background job that runs an import, on db-scheduler: one execution per import, picked by one node. If
 * that node dies, db-scheduler revives the stale execution elsewhere and the run resumes from the last batch.
 */
@Configuration
class ImportTaskConfig {

    @Bean
    Task<Long> csvImportTask(@Lazy ImportRunner runner) {
        return Tasks.oneTime("csv-import", Long.class).execute((instance, context) -> runner.run(instance.getData()));
    }
}
