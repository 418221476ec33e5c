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

/** The cohort retention table as JSON and CSV. */
@Tag(name = "Analytics: cohorts")
@org.springframework.web.bind.annotation.RestController
class CohortApiController {

    private final CohortRetention cohorts;

    CohortApiController(CohortRetention cohorts) {
        this.cohorts = cohorts;
    }

    CohortRetention.Result compute(String from, String to, String months) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate t = Periods.date("to", to, today);
        LocalDate f = Periods.date("from", from, t.minusMonths(23));
        int m;
        try {
            m = months == null || months.isBlank() ? 12 : Integer.parseInt(months.trim());
        } catch (NumberFormatException e) {
            throw Problems.invalid("months", "a whole number from 1 to 60");
        }
        return cohorts.compute(CurrentUser.require(), f, t, m);
    }

    @Operation(summary = "Cohort retention by first-purchase month",
            description = "from/to: first-purchase months (yyyy-MM or a date), default the last 24; months: offsets shown, 1–60 (default 12). "
                    + "share = customers of the cohort who ordered in month +k ÷ cohort size; null cells are months not reached yet.")
    @GetMapping("/api/v1/analytics/cohorts")
    @ResponseBody
    CohortRetention.Result api(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                               @RequestParam(required = false) String months) {
        return compute(from, to, months);
    }

    @Operation(summary = "The same as CSV (one row per cohort, one column per month offset)")
    @GetMapping("/api/v1/analytics/cohorts.csv")
    ResponseEntity<byte[]> csv(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                               @RequestParam(required = false) String months) {
        CohortRetention.Result r = compute(from, to, months);
        StringBuilder out = new StringBuilder("cohort,customers");
        for (int k = 1; k <= r.months(); k++) out.append(",m").append(k);
        out.append("\r\n");
        for (CohortRetention.Cohort c : r.cohorts()) {
            out.append(c.month().toString(), 0, 7).append(',').append(c.customers());
            for (int k = 1; k <= r.months(); k++) {
                Double s = c.cells().get(k).share();
                out.append(',').append(s == null ? "" : s);
            }
            out.append("\r\n");
        }
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"cohorts-" + r.from() + "-" + r.to() + ".csv\"")
                .body(out.toString().getBytes(StandardCharsets.UTF_8));
    }

}
