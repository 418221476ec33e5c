package io.rapport.analytics.journeys;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** Journey funnel and touchpoints: the page and its CSV exports. Every signed-in user; SALES and AGENT see their own book. */
@Controller
class JourneyControllers {

    private final Journeys journeys;

    JourneyControllers(Journeys journeys) {
        this.journeys = journeys;
    }

    @GetMapping("/analytics/journeys.csv")
    ResponseEntity<byte[]> funnelCsv(@RequestParam(required = false) String segment) {
        Journeys.Funnel f = journeys.funnel(CurrentUser.require(), Segment.parse(segment));
        StringBuilder out = new StringBuilder("stage,reached,share_of_segment_pct,conversion_from_previous_pct,median_days_from_previous,timed_contacts\r\n");
        for (Journeys.Stage s : f.stages()) {
            out.append(s.stage()).append(',').append(s.reached()).append(',').append(v(s.shareOfSegmentPct())).append(',')
                    .append(v(s.conversionFromPreviousPct())).append(',').append(v(s.medianDaysFromPrevious())).append(',')
                    .append(s.timedContacts()).append("\r\n");
        }
        return csv(out, "journey-" + f.segment());
    }

    @GetMapping("/analytics/journeys/touchpoints.csv")
    ResponseEntity<byte[]> touchpointsCsv(@RequestParam(required = false) String segment, @RequestParam(required = false) String from,
                                          @RequestParam(required = false) String to) {
        Journeys.Touchpoints t = compute(segment, from, to);
        StringBuilder out = new StringBuilder("type,channel,volume,sentiment,sentiment_samples,negative,satisfied_pct,satisfaction_samples,"
                + "satisfaction_measure,nps,pain_point,worst\r\n");
        for (Journeys.Touchpoint r : t.rows()) {
            out.append(cell(r.type())).append(',').append(cell(r.channel())).append(',').append(r.volume()).append(',')
                    .append(v(r.sentiment())).append(',').append(r.sentimentSamples()).append(',').append(r.negative()).append(',')
                    .append(v(r.satisfiedPct())).append(',').append(r.satisfactionSamples()).append(',').append(cell(r.satisfactionMeasure()))
                    .append(',').append(v(r.nps())).append(',').append(r.painPoint()).append(',').append(r.worst()).append("\r\n");
        }
        return csv(out, "touchpoints-" + t.segment());
    }

    @GetMapping("/analytics/journeys")
    String page(@RequestParam(required = false) String segment, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, Model model) {
        CurrentUser user = CurrentUser.require();
        model.addAttribute("segment", segment == null ? "all" : segment);
        model.addAttribute("fromDate", from);
        model.addAttribute("toDate", to);
        try {
            Segment s = Segment.parse(segment);
            Journeys.Funnel funnel = journeys.funnel(user, s);
            model.addAttribute("funnel", funnel);
            Journeys.Touchpoints t = compute(segment, from, to);
            model.addAttribute("touchpoints", t);
            model.addAttribute("fromDate", t.from().toString().substring(0, 10));
            model.addAttribute("toDate", t.to().minus(1, ChronoUnit.DAYS).toString().substring(0, 10));
        } catch (ApiProblem p) {
            model.addAttribute("error", p.getMessage());
        }
        return "analytics/journeys";
    }

    @org.springframework.web.bind.annotation.PostMapping("/analytics/journeys/refresh")
    String refreshPage(@RequestParam(required = false) String segment) {
        journeys.refresh(CurrentUser.require());
        return "redirect:/analytics/journeys?segment=" + java.net.URLEncoder.encode(segment == null ? "all" : segment, StandardCharsets.UTF_8);
    }

    Journeys.Touchpoints compute(String segment, String from, String to) {
        Instant end = instant("to", to, true, Instant.now().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS));
        Instant start = instant("from", from, false, end.minus(365, ChronoUnit.DAYS));
        return journeys.touchpoints(CurrentUser.require(), Segment.parse(segment), start, end);
    }

    static Instant instant(String field, String raw, boolean endOfDay, Instant fallback) {
        if (raw == null || raw.isBlank()) return fallback;
        try {
            if (raw.length() == 10) {
                LocalDate d = LocalDate.parse(raw);
                return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw Problems.invalid(field, "a date such as 2026-10-01 or an ISO-8601 instant");
        }
    }

    static String v(Object o) {
        return o == null ? "" : o.toString();
    }

    static String cell(String s) {
        if (s == null) return "";
        String t = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return '"' + t.replace("\"", "\"\"") + '"';
    }

    static ResponseEntity<byte[]> csv(StringBuilder out, String name) {
        String file = name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".csv";
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"")
                .body(out.toString().getBytes(StandardCharsets.UTF_8));
    }
}
