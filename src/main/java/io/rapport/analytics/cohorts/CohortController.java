package io.rapport.analytics.cohorts;

import io.rapport.analytics.churn.Periods;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** The cohort heat-map page and its CSV export. */
@Controller
class CohortController {

    private final CohortApiController api;

    CohortController(CohortApiController api) {
        this.api = api;
    }

    @GetMapping("/analytics/cohorts.csv")
    ResponseEntity<byte[]> csv(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                               @RequestParam(required = false) String months) {
        return api.csv(from, to, months);
    }

    @GetMapping("/analytics/cohorts")
    String page(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                @RequestParam(required = false) String months, Model model) {
        try {
            CohortRetention.Result r = api.compute(from, to, months);
            model.addAttribute("result", r);
            model.addAttribute("fromMonth", r.from().toString().substring(0, 7));
            model.addAttribute("toMonth", r.to().toString().substring(0, 7));
            model.addAttribute("months", r.months());
        } catch (ApiProblem p) {
            model.addAttribute("error", p.getMessage());
            model.addAttribute("fromMonth", from);
            model.addAttribute("toMonth", to);
            model.addAttribute("months", months);
        }
        return "analytics/cohorts";
    }

    /** Heat-map colour for a share 0–1. */
    public static String colour(Double share) {
        if (share == null) return "background:#f3f4f6";
        double s = Math.max(0, Math.min(1, share));
        double alpha = 0.08 + 0.85 * Math.sqrt(s);
        return "background:rgba(37,99,235," + Math.round(alpha * 100) / 100.0 + ");color:" + (alpha > 0.55 ? "#fff" : "#111");
    }
}
