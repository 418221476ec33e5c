package io.rapport.analytics.rfm;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.rapport.analytics.jobs.AnalyticsJobs;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;

/** RFM segments as JSON and CSV, and saving a segment as a tagged contact list. */
@Tag(name = "Analytics: RFM")
@org.springframework.web.bind.annotation.RestController
class RfmApiController {

    private final Rfm rfm;

    RfmApiController(Rfm rfm) {
        this.rfm = rfm;
    }

    @Operation(summary = "RFM segments with counts, revenue and the R × FM grid (grid[r-1][fm-1])")
    @GetMapping("/api/v1/analytics/rfm")
    @ResponseBody
    Rfm.Summary summary() {
        return rfm.summary(CurrentUser.require());
    }

    public record CustomersPage(String segment, int limit, int offset, List<Rfm.Customer> items) {}

    @Operation(summary = "The customers of one RFM segment, highest revenue first", description = "limit 1–200 (default 50), offset ≥ 0")
    @GetMapping("/api/v1/analytics/rfm/segments/{segment}/customers")
    @ResponseBody
    CustomersPage customers(@PathVariable String segment, @RequestParam(required = false) String limit,
                            @RequestParam(required = false) String offset) {
        RfmSegment seg = RfmSegment.parse("segment", segment);
        int lim = whole("limit", limit, 50, 1, 200), off = whole("offset", offset, 0, 0, 10_000_000);
        return new CustomersPage(seg.key(), lim, off, rfm.customers(CurrentUser.require(), seg, lim, off));
    }

    @Operation(summary = "Save a segment as a list for campaigns: tags its contacts (those you may see and change) in the background",
            description = "Body: {\"tag\": \"rfm-at-risk-2026-12\"} (optional; default rfm-<segment>-<yyyy-MM-dd>). 202 Accepted with the job; "
                    + "poll GET /api/v1/analytics/jobs/{id} (Location) until DONE: result.contacts, result.list = /contacts?tag=<tag>.")
    @PostMapping("/api/v1/analytics/rfm/segments/{segment}/list")
    ResponseEntity<AnalyticsJobs.Job> saveList(@PathVariable String segment, @RequestBody(required = false) JsonNode body) {
        RfmSegment seg = RfmSegment.parse("segment", segment);
        String tag = null;
        if (body != null && body.has("tag")) {
            if (!body.get("tag").isString()) throw Problems.invalid("tag", "a tag of 1 to 50 characters");
            tag = body.get("tag").asString();
        }
        AnalyticsJobs.Job job = save(seg, tag);
        return ResponseEntity.accepted().location(URI.create(job.progressUrl())).body(job);
    }

    AnalyticsJobs.Job save(RfmSegment seg, String tag) {
        String t = tag == null ? "rfm-" + seg.key() + "-" + java.time.LocalDate.now(java.time.ZoneOffset.UTC) : tag.trim().toLowerCase(java.util.Locale.ROOT);
        return rfm.saveAsList(CurrentUser.require(), seg, t);
    }

    @Operation(summary = "Recompute the RFM scores now, in the background",
            description = "ADMIN, MANAGER and MARKETING. 202 with the job (or the refresh already queued or running); the scores are "
                    + "otherwise refreshed when orders changed (checked every few minutes), and inline while a business has at most 100,000 customers.")
    @PostMapping("/api/v1/analytics/rfm/refresh")
    ResponseEntity<AnalyticsJobs.Job> refresh() {
        AnalyticsJobs.Job job = rfm.refresh(CurrentUser.require());
        return ResponseEntity.accepted().location(URI.create(job.progressUrl())).body(job);
    }

    @GetMapping("/api/v1/analytics/rfm.csv")
    ResponseEntity<byte[]> csv() {
        Rfm.Summary s = rfm.summary(CurrentUser.require());
        StringBuilder out = new StringBuilder("segment,label,customers,share,revenue,avg_orders,avg_recency_days\r\n");
        for (Rfm.SegmentRow r : s.segments()) {
            out.append(r.key()).append(",\"").append(r.label()).append("\",").append(r.customers()).append(',')
                    .append(r.share() == null ? "" : r.share()).append(',').append(r.revenue()).append(',')
                    .append(r.avgOrders() == null ? "" : r.avgOrders()).append(',').append(r.avgRecencyDays() == null ? "" : r.avgRecencyDays())
                    .append("\r\n");
        }
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"rfm.csv\"").body(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    static int whole(String field, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) return fallback;
        try {
            int v = Integer.parseInt(value.trim());
            if (v < min || v > max) throw Problems.invalid(field, "a whole number from " + min + " to " + max);
            return v;
        } catch (NumberFormatException e) {
            throw Problems.invalid(field, "a whole number from " + min + " to " + max);
        }
    }
}
