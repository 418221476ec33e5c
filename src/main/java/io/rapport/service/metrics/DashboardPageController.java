package io.rapport.service.metrics;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import io.rapport.service.recovery.TicketAccess;
import java.time.temporal.ChronoUnit;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The service dashboard page and its CSV export. */
@Controller
class DashboardPageController {

    private final MetricsApiController api;

    DashboardPageController(MetricsApiController api) {
        this.api = api;
    }

    @GetMapping("/service/dashboard.csv")
    ResponseEntity<byte[]> csv(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                               @RequestParam(required = false) String groupBy) {
        return MetricsApiController.csv(api.compute(from, to, groupBy));
    }

    @GetMapping("/service/dashboard")
    String page(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                @RequestParam(required = false) String groupBy, Model model) {
        TicketAccess.requireService(CurrentUser.require());
        try {
            ServiceMetrics.Result result = api.compute(from, to, groupBy);
            model.addAttribute("result", result);
            model.addAttribute("fmt", new Durations());
            long max = result.weeks().stream().mapToLong(w -> Math.max(w.received(), w.solved())).max().orElse(0);
            model.addAttribute("max", Math.max(max, 1));
            model.addAttribute("fromDate", result.from().toString().substring(0, 10));
            model.addAttribute("toDate", result.to().minus(1, ChronoUnit.DAYS).toString().substring(0, 10));
        } catch (ApiProblem p) {
            model.addAttribute("error", p.getMessage());
            model.addAttribute("fromDate", from);
            model.addAttribute("toDate", to);
        }
        model.addAttribute("groupBy", groupBy == null ? "none" : groupBy);
        return "service/dashboard";
    }
}
