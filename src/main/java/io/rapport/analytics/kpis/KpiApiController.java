package io.rapport.analytics.kpis;

import io.rapport.platform.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The executive KPIs as JSON and CSV, and the caller's weekly report setting. ADMIN, MANAGER and READ_ONLY only. */
@Tag(name = "Analytics: KPIs")
@RestController
class KpiApiController {

    private final KpiDashboard dashboard;
    private final WeeklyKpiReport report;

    KpiApiController(KpiDashboard dashboard, WeeklyKpiReport report) {
        this.dashboard = dashboard;
        this.report = report;
    }

    @Operation(summary = "Executive KPIs for a period and segment",
            description = "period: month (last 30 days), quarter (91), year (365) or custom (from/to dates, to inclusive); "
                    + "segment: account:<id>, stage:<LIFECYCLE_STAGE> or tag:<tag>; currency: for revenue (default: the one with most orders); "
                    + "grain: day, week or month for the series. Each tile has value, previous (the same length before), change, "
                    + "direction (better/worse), freshness and series; values are null when there is no data.")
    @GetMapping("/api/v1/analytics/kpis")
    KpiDashboard.Result kpis(@RequestParam(required = false) String period, @RequestParam(required = false) String from,
                             @RequestParam(required = false) String to, @RequestParam(required = false) String segment,
                             @RequestParam(required = false) String currency, @RequestParam(required = false) String grain) {
        KpiDashboard.requireReader(CurrentUser.require());
        return dashboard.compute(period, from, to, segment, currency, grain);
    }

    @Operation(summary = "The tiles as CSV")
    @GetMapping("/api/v1/analytics/kpis.csv")
    ResponseEntity<byte[]> csv(@RequestParam(required = false) String period, @RequestParam(required = false) String from,
                               @RequestParam(required = false) String to, @RequestParam(required = false) String segment,
                               @RequestParam(required = false) String currency, @RequestParam(required = false) String grain) {
        return KpiCsv.tiles(kpis(period, from, to, segment, currency, grain));
    }

    @Operation(summary = "One KPI's trend series as CSV")
    @GetMapping("/api/v1/analytics/kpis/{key}.csv")
    ResponseEntity<byte[]> chartCsv(@PathVariable String key, @RequestParam(required = false) String period,
                                    @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                    @RequestParam(required = false) String segment, @RequestParam(required = false) String currency,
                                    @RequestParam(required = false) String grain) {
        return KpiCsv.chart(kpis(period, from, to, segment, currency, grain), key);
    }

    public record WeeklyReport(boolean subscribed) {}

    @Operation(summary = "Whether the caller receives the weekly KPI report by e-mail")
    @GetMapping("/api/v1/analytics/kpis/weekly-report")
    WeeklyReport weekly() {
        CurrentUser me = CurrentUser.require();
        KpiDashboard.requireReader(me);
        return new WeeklyReport(report.subscribed(me.id()));
    }

    @Operation(summary = "Subscribe to or unsubscribe from the weekly KPI report", description = "Body: {\"subscribed\": true}")
    @PutMapping("/api/v1/analytics/kpis/weekly-report")
    WeeklyReport setWeekly(@RequestBody(required = false) Map<String, Object> body) {
        CurrentUser me = CurrentUser.require();
        KpiDashboard.requireReader(me);
        Object value = body == null ? null : body.get("subscribed");
        if (!(value instanceof Boolean b)) throw io.rapport.platform.web.Problems.invalid("subscribed", "true or false");
        report.subscribe(me.id(), b);
        return new WeeklyReport(b);
    }
}
