package io.rapport.analytics.recovery;

import io.rapport.analytics.journeys.Segment;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** The service recovery paradox: JSON, CSV and the page. ADMIN, MANAGER and READ_ONLY. */
@Controller
class RecoveryParadoxControllers {

    private final RecoveryParadox paradox;

    RecoveryParadoxControllers(RecoveryParadox paradox) {
        this.paradox = paradox;
    }

    RecoveryParadox.Result api(String segment, Integer repurchaseDays, Integer churnDays) {
        return paradox.analyse(CurrentUser.require(), Segment.parse(segment), repurchaseDays, churnDays, Instant.now());
    }

    @GetMapping("/analytics/recovery.csv")
    ResponseEntity<byte[]> csv(@RequestParam(required = false) String segment, @RequestParam(required = false) Integer repurchaseDays,
                               @RequestParam(required = false) Integer churnDays) {
        RecoveryParadox.Result r = api(segment, repurchaseDays, churnDays);
        StringBuilder out = new StringBuilder("group,customers,measure,value,ci_low,ci_high,n\r\n");
        for (RecoveryParadox.GroupFigures g : r.groups()) {
            line(out, g, "later_nps", g.laterNps());
            line(out, g, "later_csat_satisfied_pct", g.laterCsatSatisfiedPct());
            line(out, g, "repurchase_pct", g.repurchasePct());
            line(out, g, "churn_pct", g.churnPct());
        }
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"recovery-paradox.csv\"")
                .body(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void line(StringBuilder out, RecoveryParadox.GroupFigures g, String measure, RecoveryParadox.Estimate e) {
        out.append(g.group()).append(',').append(g.customers()).append(',').append(measure).append(',')
                .append(e.value() == null ? "" : e.value()).append(',').append(e.low() == null ? "" : e.low()).append(',')
                .append(e.high() == null ? "" : e.high()).append(',').append(e.n()).append("\r\n");
    }

    @GetMapping("/analytics/recovery")
    String page(@RequestParam(required = false) String segment, @RequestParam(required = false) Integer repurchaseDays,
                @RequestParam(required = false) Integer churnDays, Model model) {
        model.addAttribute("segment", segment == null ? "all" : segment);
        model.addAttribute("repurchaseDays", repurchaseDays == null ? 90 : repurchaseDays);
        model.addAttribute("churnDays", churnDays == null ? 180 : churnDays);
        try {
            model.addAttribute("result", api(segment, repurchaseDays, churnDays));
        } catch (ApiProblem p) {
            if (p.status().value() == 403) throw p;
            model.addAttribute("error", p.getMessage());
        }
        return "analytics/recovery";
    }
}
