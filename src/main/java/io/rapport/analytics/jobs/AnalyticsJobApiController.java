package io.rapport.analytics.jobs;

import io.rapport.platform.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A background job's progress as JSON (problems as application/problem+json). */
@Tag(name = "Analytics: jobs")
@RestController
class AnalyticsJobApiController {

    private final AnalyticsJobs jobs;

    AnalyticsJobApiController(AnalyticsJobs jobs) {
        this.jobs = jobs;
    }

    @Operation(summary = "A background analytics job and its progress",
            description = "Its starter, ADMIN and MANAGER see it (404 otherwise). status QUEUED → RUNNING → DONE or FAILED; "
                    + "done of total, percent, step, result when DONE, error when FAILED.")
    @GetMapping("/api/v1/analytics/jobs/{id}")
    AnalyticsJobs.Job get(@PathVariable long id) {
        return jobs.visible(CurrentUser.require(), id);
    }
}
