package io.rapport.analytics.jobs;

import io.rapport.platform.security.CurrentUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** A background job's progress as a fragment the pages poll with htmx while it runs. */
@Controller
class AnalyticsJobController {

    private final AnalyticsJobs jobs;

    AnalyticsJobController(AnalyticsJobs jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/analytics/jobs/{id}")
    String fragment(@PathVariable long id, Model model) {
        model.addAttribute("job", jobs.visible(CurrentUser.require(), id));
        return "analytics/job :: progress";
    }
}
