package io.rapport.analytics.kpis;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The executive dashboard page at /analytics, its CSV exports and the weekly report opt-in. */
@Controller
class KpiPageController {

    /** A chart drawn server-side: a polyline in a 0..width × 0..height box, with its labels. */
    public record Chart(String points, String area, List<Dot> dots, String top, String bottom, String firstLabel, String lastLabel) {}

    public record Dot(double x, double y, String title) {}

    private final KpiDashboard dashboard;
    private final WeeklyKpiReport report;

    KpiPageController(KpiDashboard dashboard, WeeklyKpiReport report) {
        this.dashboard = dashboard;
        this.report = report;
    }

    @GetMapping("/analytics")
    String page(@RequestParam(required = false) String period, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, @RequestParam(required = false) String segment,
                @RequestParam(required = false) String currency, Model model) {
        CurrentUser me = CurrentUser.require();
        KpiDashboard.requireReader(me);
        model.addAttribute("period", period == null || period.isBlank() ? (from != null && !from.isBlank() ? "custom" : "month") : period.toLowerCase(Locale.ROOT));
        model.addAttribute("segment", segment == null ? "" : segment);
        model.addAttribute("fmt", new KpiFormat());
        model.addAttribute("subscribed", report.subscribed(me.id()));
        try {
            KpiDashboard.Result r = dashboard.compute(period, from, to, segment, currency, null);
            model.addAttribute("result", r);
            model.addAttribute("fromDate", r.from().toString());
            model.addAttribute("toDate", r.to().toString());
            model.addAttribute("sparks", r.tiles().stream().map(t -> chart(t, 120, 32, 4, r.currency())).toList());
            model.addAttribute("charts", r.tiles().stream().map(t -> chart(t, 560, 160, AXIS_GUTTER, r.currency())).toList());
            // snapshot tiles (predicted CLV, SLA compliance: no series) are never empty, so they must not hide the guidance
            model.addAttribute("empty", r.tiles().stream().filter(t -> !t.series().isEmpty())
                    .allMatch(t -> t.value() == null || t.value() == 0));
        } catch (ApiProblem p) {
            model.addAttribute("error", p.getMessage());
            model.addAttribute("fromDate", from);
            model.addAttribute("toDate", to);
        }
        return "analytics/kpis";
    }

    @GetMapping("/analytics/kpis.csv")
    ResponseEntity<byte[]> csv(@RequestParam(required = false) String period, @RequestParam(required = false) String from,
                               @RequestParam(required = false) String to, @RequestParam(required = false) String segment,
                               @RequestParam(required = false) String currency) {
        KpiDashboard.requireReader(CurrentUser.require());
        return KpiCsv.tiles(dashboard.compute(period, from, to, segment, currency, null));
    }

    @GetMapping("/analytics/kpis/{key}.csv")
    ResponseEntity<byte[]> chartCsv(@PathVariable String key, @RequestParam(required = false) String period,
                                    @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                    @RequestParam(required = false) String segment, @RequestParam(required = false) String currency) {
        KpiDashboard.requireReader(CurrentUser.require());
        return KpiCsv.chart(dashboard.compute(period, from, to, segment, currency, null), key);
    }

    @PostMapping("/analytics/weekly-report")
    String weekly(@RequestParam(defaultValue = "false") boolean subscribed, RedirectAttributes redirect) {
        CurrentUser me = CurrentUser.require();
        KpiDashboard.requireReader(me);
        report.subscribe(me.id(), subscribed);
        redirect.addFlashAttribute("notice", subscribed ? "You will receive the KPI summary by e-mail every Monday."
                : "You will no longer receive the weekly KPI e-mail.");
        return "redirect:/analytics";
    }

    /** Room left of a trend chart's plot for its max/min labels, so the first points never sit under the text. */
    static final int AXIS_GUTTER = 72;

    /**
     * Scales the series into the box, the plot starting {@code left} units in; buckets without data break nothing (they
     * are skipped, not drawn as zero).
     */
    static Chart chart(KpiDashboard.Tile t, int width, int height, int left, String currency) {
        List<Kpi.Point> s = t.series();
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (Kpi.Point p : s) {
            if (p.value() == null) continue;
            min = Math.min(min, p.value());
            max = Math.max(max, p.value());
        }
        if (min == Double.MAX_VALUE) return new Chart("", "", List.of(), "", "", "", "");
        if (t.unit().equals("COUNT") || t.unit().equals("MONEY")) min = Math.min(min, 0);
        double span = max - min == 0 ? 1 : max - min;
        StringBuilder pts = new StringBuilder();
        List<Dot> dots = new ArrayList<>();
        int n = s.size();
        double firstX = -1;
        double lastX = 0;
        for (int i = 0; i < n; i++) {
            Kpi.Point p = s.get(i);
            if (p.value() == null) continue;
            double x = n == 1 ? (left + width - 4) / 2.0 : left + i * (width - left - 4.0) / (n - 1);
            double y = 4 + (height - 8) * (1 - (p.value() - min) / span);
            x = Math.round(x * 10) / 10.0;
            y = Math.round(y * 10) / 10.0;
            if (firstX < 0) firstX = x;
            lastX = x;
            pts.append(x).append(',').append(y).append(' ');
            dots.add(new Dot(x, y, p.start() + ": " + KpiFormat.value(p.value(), t.unit(), currency)));
        }
        String area = firstX < 0 ? "" : firstX + "," + (height - 2) + " " + pts + lastX + "," + (height - 2);
        return new Chart(pts.toString().trim(), area, dots, KpiFormat.value(max, t.unit(), currency), KpiFormat.value(min, t.unit(), currency),
                s.get(0).start().toString(), s.get(n - 1).start().toString());
    }
}
