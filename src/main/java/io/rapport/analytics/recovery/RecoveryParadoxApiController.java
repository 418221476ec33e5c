package io.rapport.analytics.recovery;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Analytics: service recovery paradox")
@RestController
class RecoveryParadoxApiController {

    private final RecoveryParadoxControllers pages;

    RecoveryParadoxApiController(RecoveryParadoxControllers pages) {
        this.pages = pages;
    }

    @Operation(summary = "Recovered vs not recovered vs never complained, with 95% intervals and a verdict",
            description = "segment as for journeys; repurchaseDays (default 90) and churnDays (default 180): 1–3650. Percentages 0–100; "
                    + "laterNps is the mean score 0–10. verdict: HOLDS, DOES_NOT_HOLD, MIXED, INCONCLUSIVE or NOT_ENOUGH_DATA. "
                    + "ADMIN, MANAGER and READ_ONLY.")
    @GetMapping("/api/v1/analytics/recovery")
    RecoveryParadox.Result api(@RequestParam(required = false) String segment, @RequestParam(required = false) Integer repurchaseDays,
                               @RequestParam(required = false) Integer churnDays) {
        return pages.api(segment, repurchaseDays, churnDays);
    }

    @Operation(summary = "The three groups' figures as CSV")
    @GetMapping("/api/v1/analytics/recovery.csv")
    ResponseEntity<byte[]> csv(@RequestParam(required = false) String segment, @RequestParam(required = false) Integer repurchaseDays,
                               @RequestParam(required = false) Integer churnDays) {
        return pages.csv(segment, repurchaseDays, churnDays);
    }
}
