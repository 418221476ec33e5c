package io.rapport.service.metrics;

import io.rapport.platform.security.CurrentUser;
import io.rapport.service.recovery.TicketAccess;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** Service metrics as JSON, CSV and the dashboard page. Everyone on the service desk may read them (not MARKETING). */
@Tag(name = "Service metrics")
@org.springframework.web.bind.annotation.RestController
class MetricsApiController {

    private final ServiceMetrics metrics;

    MetricsApiController(ServiceMetrics metrics) {
        this.metrics = metrics;
    }

    @Operation(summary = "Service desk metrics for a period",
            description = "from/to: dates (to inclusive) or ISO-8601 instants, default the last 90 days; groupBy: agent, team or none. "
                    + "Times in seconds of business time (the calendar of the ticket's SLA policy, else the default calendar, else "
                    + "wall-clock: see timeBasis and timeBasisCounts); percentages 0–100; slaCompliance is null when no solved "
                    + "ticket of the period had SLA clocks.")
    @GetMapping("/api/v1/service/metrics")
    @ResponseBody
    ServiceMetrics.Result api(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                              @RequestParam(required = false) String groupBy) {
        return compute(from, to, groupBy);
    }

    @Operation(summary = "The same metrics as CSV (one row per group, then the total)")
    @GetMapping(value = "/api/v1/service/metrics.csv")
    ResponseEntity<byte[]> apiCsv(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                  @RequestParam(required = false) String groupBy) {
        return csv(compute(from, to, groupBy));
    }

    ServiceMetrics.Result compute(String from, String to, String groupBy) {
        TicketAccess.requireService(CurrentUser.require());
        Instant end = ServiceMetrics.instant("to", to, true, Instant.now().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS));
        Instant start = ServiceMetrics.instant("from", from, false, end.minus(90, ChronoUnit.DAYS));
        return metrics.compute(start, end, ServiceMetrics.groupBy(groupBy));
    }

    static ResponseEntity<byte[]> csv(ServiceMetrics.Result r) {
        StringBuilder out = new StringBuilder(String.join(",", ServiceMetrics.CSV_COLUMNS)).append("\r\n");
        for (ServiceMetrics.Row row : r.groups()) line(out, row);
        line(out, r.total());
        String name = "service-metrics-" + r.from().toString().substring(0, 10) + "-" + r.to().toString().substring(0, 10) + ".csv";
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .body(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void line(StringBuilder out, ServiceMetrics.Row r) {
        String name = r.groupName() == null ? "" : r.groupName();
        // quote always; a leading = + - @ would be a formula in a spreadsheet, so neutralise it
        if (!name.isEmpty() && "=+-@".indexOf(name.charAt(0)) >= 0) name = "'" + name;
        out.append('"').append(name.replace("\"", "\"\"")).append('"');
        Object[] values = {r.received(), r.solved(), r.firstResponseMedian(), r.firstResponseP90(), r.resolutionMedian(),
                r.resolutionP90(), r.slaCompliance(), r.firstContactResolution(), r.reopenRate(), r.csat(), r.csatAnswers(), r.qaAverage()};
        for (Object v : values) out.append(',').append(v == null ? "" : v);
        out.append("\r\n");
    }
}
