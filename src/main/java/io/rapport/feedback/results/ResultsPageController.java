package io.rapport.feedback.results;

import io.rapport.feedback.SurveyKind;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The survey results page (NPS, CSAT, CES; trend, groups, themes) with server-side SVG charts and a CSV export. */
@Controller
class ResultsPageController {

    /** One column of the monthly chart, in SVG user units (the chart is 40 units per month, 200 high). */
    record Column(String label, double x, double y, double height, double whiskerTop, double whiskerBottom, String title,
                  boolean negative) {}

    private final SurveyResults results;

    ResultsPageController(SurveyResults results) {
        this.results = results;
    }

    @GetMapping("/feedback/results")
    String page(@RequestParam(required = false) String kind, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, @RequestParam(required = false) String groupBy, Model model,
                HttpServletResponse response) {
        CurrentUser.require();
        SurveyKind k = kind(kind);
        model.addAttribute("kind", k.name());
        model.addAttribute("groupBy", groupBy == null ? "none" : groupBy);
        model.addAttribute("groups", SurveyResults.GROUPS);
        try {
            LocalDate[] p = ResultsApiController.period(from, to);
            model.addAttribute("fromDate", p[0]);
            model.addAttribute("toDate", p[1]);
            SurveyResults.Report report = results.report(k, p[0], p[1], groupBy);
            model.addAttribute("report", report);
            model.addAttribute("nps", k == SurveyKind.NPS ? report.total() : results.report(SurveyKind.NPS, p[0], p[1], "none").total());
            model.addAttribute("csat", k == SurveyKind.CSAT ? report.total() : results.report(SurveyKind.CSAT, p[0], p[1], "none").total());
            model.addAttribute("ces", k == SurveyKind.CES ? report.total() : results.report(SurveyKind.CES, p[0], p[1], "none").total());
            model.addAttribute("columns", columns(k, report.months()));
            model.addAttribute("chartWidth", Math.max(200, report.months().size() * 40 + 40));
            model.addAttribute("themes", results.themes(p[0], p[1]));
        } catch (ApiProblem problem) {
            response.setStatus(400);
            model.addAttribute("error", problem.errors().isEmpty() ? problem.getMessage()
                    : problem.errors().getFirst().field() + ": " + problem.errors().getFirst().message());
            model.addAttribute("fromDate", from);
            model.addAttribute("toDate", to);
        }
        return "feedback/results";
    }

    @GetMapping("/feedback/results.csv")
    void csv(@RequestParam(required = false) String kind, @RequestParam(required = false) String from,
             @RequestParam(required = false) String to, @RequestParam(required = false) String groupBy,
             HttpServletResponse response) throws IOException {
        CurrentUser.require();
        SurveyKind k = kind(kind);
        LocalDate[] p = ResultsApiController.period(from, to);
        SurveyResults.Report r = results.report(k, p[0], p[1], groupBy == null || groupBy.isBlank() ? "month" : groupBy);
        response.setContentType("text/csv; charset=utf-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + k.name().toLowerCase(Locale.ROOT) + "-" + r.groupBy() + ".csv\"");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        PrintWriter w = response.getWriter();
        w.println("group,answers,promoters,passives,detractors,satisfied,value,margin95,average");
        List<SurveyResults.Figures> rows = new ArrayList<>("none".equals(r.groupBy()) ? List.of(r.total()) : r.groups());
        for (SurveyResults.Figures f : rows) {
            w.println(String.join(",", csvText(f.label()), String.valueOf(f.answers()), String.valueOf(f.promoters()),
                    String.valueOf(f.passives()), String.valueOf(f.detractors()), String.valueOf(f.satisfied()),
                    num(f.value()), num(f.margin()), num(f.average())));
        }
        w.flush();
    }

    static String num(Double d) {
        return d == null ? "" : String.valueOf(d);
    }

    static String csvText(String s) {
        if (s == null) return "";
        String safe = !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }

    static SurveyKind kind(String raw) {
        if (raw == null || raw.isBlank()) return SurveyKind.NPS;
        try {
            return SurveyKind.valueOf(raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw io.rapport.platform.web.Problems.invalid("kind", "one of NPS, CSAT, CES");
        }
    }

    /** Bars from the baseline (0 for NPS, the scale's bottom otherwise) with the 95% interval as a whisker. */
    static List<Column> columns(SurveyKind kind, List<SurveyResults.Figures> months) {
        double lo = kind == SurveyKind.NPS ? -100 : kind == SurveyKind.CSAT ? 0 : 1;
        double hi = kind == SurveyKind.NPS ? 100 : kind == SurveyKind.CSAT ? 100 : 7;
        double base = kind == SurveyKind.NPS ? 0 : lo;
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < months.size(); i++) {
            SurveyResults.Figures f = months.get(i);
            double x = 30 + i * 40;
            if (f.value() == null) {
                out.add(new Column(f.label(), x, y(base, lo, hi), 0, y(base, lo, hi), y(base, lo, hi), f.label() + ": no answers", false));
                continue;
            }
            double v = f.value();
            double yv = y(v, lo, hi);
            double yb = y(base, lo, hi);
            double m = f.margin() == null ? 0 : f.margin();
            String unit = kind == SurveyKind.CES ? "" : kind == SurveyKind.CSAT ? "%" : "";
            out.add(new Column(f.label(), x, Math.min(yv, yb), Math.abs(yb - yv), y(Math.min(hi, v + m), lo, hi), y(Math.max(lo, v - m), lo, hi),
                    f.label() + ": " + kind + " " + v + unit + " ± " + m + " (" + f.answers() + " answers)", v < base));
        }
        return out;
    }

    private static double y(double v, double lo, double hi) {
        return Math.round((10 + (hi - v) / (hi - lo) * 180) * 10) / 10.0;
    }
}
