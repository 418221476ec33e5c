package io.rapport.analytics.journeys;

import io.rapport.platform.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The journey API (problems as application/problem+json); the page controller shares the computation. */
@Tag(name = "Analytics: journeys")
@RestController
class JourneyApiController {

    private final Journeys journeys;
    private final JourneyControllers pages;

    JourneyApiController(Journeys journeys, JourneyControllers pages) {
        this.journeys = journeys;
        this.pages = pages;
    }

    @Operation(summary = "The journey funnel of a segment",
            description = "segment: all (default), stage:CUSTOMER, tag:vip, account:42 or persona:7. Stages AWARENESS → ADVOCACY "
                    + "with contacts reached, conversion from the previous stage (%) and the median days between the two.")
    @GetMapping("/api/v1/analytics/journeys")
    Journeys.Funnel funnel(@RequestParam(required = false) String segment) {
        return journeys.funnel(CurrentUser.require(), Segment.parse(segment));
    }

    @Operation(summary = "Recompute the journey stage dates now, in the background",
            description = "ADMIN, MANAGER and MARKETING. 202 with the job (or the refresh already queued or running); poll "
                    + "GET /api/v1/analytics/jobs/{id}. Otherwise refreshed when their sources changed (checked every few minutes).")
    @org.springframework.web.bind.annotation.PostMapping("/api/v1/analytics/journeys/refresh")
    ResponseEntity<io.rapport.analytics.jobs.AnalyticsJobs.Job> refresh() {
        var job = journeys.refresh(CurrentUser.require());
        return ResponseEntity.accepted().location(java.net.URI.create(job.progressUrl())).body(job);
    }

    @Operation(summary = "Touchpoint analysis of a segment over a period",
            description = "from/to: dates (to inclusive), default the last 365 days. Volume, sentiment (−1…1) and satisfaction per "
                    + "timeline channel, ticket channel and survey; painPoint marks poor ones, worst the worst.")
    @GetMapping("/api/v1/analytics/journeys/touchpoints")
    Journeys.Touchpoints touchpoints(@RequestParam(required = false) String segment, @RequestParam(required = false) String from,
                                     @RequestParam(required = false) String to) {
        return pages.compute(segment, from, to);
    }

    @Operation(summary = "The funnel as CSV")
    @GetMapping("/api/v1/analytics/journeys.csv")
    ResponseEntity<byte[]> funnelCsv(@RequestParam(required = false) String segment) {
        return pages.funnelCsv(segment);
    }

    @Operation(summary = "The touchpoints as CSV")
    @GetMapping("/api/v1/analytics/journeys/touchpoints.csv")
    ResponseEntity<byte[]> touchpointsCsv(@RequestParam(required = false) String segment, @RequestParam(required = false) String from,
                                          @RequestParam(required = false) String to) {
        return pages.touchpointsCsv(segment, from, to);
    }
}
