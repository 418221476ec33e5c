package io.rapport.analytics.clv;

import io.rapport.customers.contacts.Contacts;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.ApiProblem;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The lifetime value page (fit panel and refit button for administrators), its CSV exports and the contact card. */
@Controller
class ClvPageController {

    /** One bar (or pair) of a server-rendered chart: x, heights (0–180 px), the values printed above them and the hover text. */
    record Bar(String label, int x, int h1, int h2, String v1, String v2, String title) {}

    private final ClvReports reports;
    private final ClvFits fits;
    private final ClvService service;
    private final Contacts contacts;

    ClvPageController(ClvReports reports, ClvFits fits, ClvService service, Contacts contacts) {
        this.reports = reports;
        this.fits = fits;
        this.service = service;
        this.contacts = contacts;
    }

    @GetMapping("/analytics/clv")
    String page(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                @RequestParam(required = false) String minPAlive, Model model) {
        CurrentUser user = CurrentUser.require();
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("minPAlive", minPAlive);
        try {
            ClvReports.Summary s = reports.summary(user, from, to, minPAlive);
            model.addAttribute("summary", s);
            model.addAttribute("distribution", distribution(s.distribution()));
            if (s.fit() != null) model.addAttribute("calibration", calibration(s.fit().calibration()));
        } catch (ApiProblem e) {
            model.addAttribute("error", e.getMessage());
        }
        if (user.isAdmin()) {
            model.addAttribute("fits", fits.recent(5));
            model.addAttribute("defaults", fits.defaults());
        }
        return "analytics/clv";
    }

    @PostMapping("/analytics/clv/fit")
    String fit(@RequestParam(required = false) String asOf, @RequestParam(required = false) String timeUnit,
               @RequestParam(required = false) String horizonMonths, @RequestParam(required = false) String monthlyDiscount,
               @RequestParam(required = false) String marginPercent, @RequestParam(required = false) String firstPurchaseFrom,
               RedirectAttributes flash) {
        try {
            ClvFits.FitRecord f = service.fit(CurrentUser.require(), new ClvService.FitRequest(asOf, timeUnit, horizonMonths,
                    monthlyDiscount, marginPercent, firstPurchaseFrom));
            if (f.converged()) {
                flash.addFlashAttribute("flash", "Fit as of " + f.asOf() + " converged: " + f.scored() + " customers scored in "
                        + f.durationMs() + " ms.");
            } else {
                flash.addFlashAttribute("flashError", "Fit as of " + f.asOf() + " did not converge (" + f.message()
                        + "). The previous parameters stay in force.");
            }
        } catch (ApiProblem e) {
            flash.addFlashAttribute("flashError", e.getMessage() + (e.errors().isEmpty() ? "" : ": " + e.errors().stream()
                    .map(er -> er.field() + " " + er.message()).reduce((a, b) -> a + "; " + b).orElse("")));
        }
        return "redirect:/analytics/clv";
    }

    @GetMapping("/analytics/clv.csv")
    ResponseEntity<byte[]> csv(@RequestParam(defaultValue = "distribution") String table, @RequestParam(required = false) String from,
                               @RequestParam(required = false) String to, @RequestParam(required = false) String minPAlive) {
        CurrentUser user = CurrentUser.require();
        ClvReports.Summary s = reports.summary(user, from, to, minPAlive);
        StringBuilder out = new StringBuilder();
        switch (table) {
            case "top" -> {
                out.append("contact_id,name,orders,historic_revenue,p_alive,expected_purchases,predicted_clv\r\n");
                for (ClvReports.TopCustomer t : s.topCustomers()) {
                    out.append(t.contactId()).append(',').append(cell(t.name())).append(',').append(t.orders()).append(',')
                            .append(t.historicRevenue()).append(',').append(t.pAlive() == null ? "" : t.pAlive()).append(',')
                            .append(t.expectedPurchases() == null ? "" : t.expectedPurchases()).append(',')
                            .append(t.predictedClv() == null ? "" : t.predictedClv()).append("\r\n");
                }
            }
            case "calibration" -> {
                RecordVisibility.requireAdmin(user);
                out.append("repeat_purchases,actual_customers,expected_customers\r\n");
                if (s.fit() != null) {
                    for (ClvFits.CalibrationBar b : s.fit().calibration()) {
                        out.append(b.repeatPurchases() == 7 ? "7+" : String.valueOf(b.repeatPurchases())).append(',').append(b.actual())
                                .append(',').append(b.expected()).append("\r\n");
                    }
                }
            }
            default -> {
                out.append("clv_from,clv_to,customers,predicted_clv\r\n");
                for (ClvReports.Bucket b : s.distribution()) {
                    out.append(b.from().toPlainString()).append(',').append(b.to().toPlainString()).append(',').append(b.customers())
                            .append(',').append(b.predictedClv()).append("\r\n");
                }
            }
        }
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"clv-" + table.replaceAll("[^a-z]", "") + ".csv\"")
                .body(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping("/contacts/{id}/clv")
    String card(@PathVariable long id, Model model) {
        contacts.get(CurrentUser.require(), id);
        model.addAttribute("value", reports.ofContact(id));
        model.addAttribute("contactId", id);
        return "analytics/clv-card :: card";
    }

    static String cell(String s) {
        if (s == null) return "";
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) s = "'" + s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    static List<Bar> distribution(List<ClvReports.Bucket> buckets) {
        long max = buckets.stream().mapToLong(ClvReports.Bucket::customers).max().orElse(0);
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < buckets.size(); i++) {
            ClvReports.Bucket b = buckets.get(i);
            int h = max == 0 ? 0 : (int) Math.round(b.customers() * 180.0 / max);
            String label = short_(b.from()) + "–" + short_(b.to());
            bars.add(new Bar(label, 20 + i * 50, h, 0, String.valueOf(b.customers()), "", label + ": " + b.customers() + " customers"));
        }
        return bars;
    }

    static List<Bar> calibration(List<ClvFits.CalibrationBar> cal) {
        double max = 0;
        for (ClvFits.CalibrationBar b : cal) max = Math.max(max, Math.max(b.actual(), b.expected()));
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < cal.size(); i++) {
            ClvFits.CalibrationBar b = cal.get(i);
            String label = b.repeatPurchases() == 7 ? "7+" : String.valueOf(b.repeatPurchases());
            bars.add(new Bar(label, 20 + i * 50, max == 0 ? 0 : (int) Math.round(b.actual() * 180 / max),
                    max == 0 ? 0 : (int) Math.round(b.expected() * 180 / max), String.valueOf(Math.round(b.actual())),
                    String.valueOf(Math.round(b.expected())), label + " repeat purchases: " + b.actual() + " actual, " + b.expected() + " expected"));
        }
        return bars;
    }

    private static String short_(BigDecimal v) {
        double d = v.doubleValue();
        if (d >= 1_000_000) return trim(d / 1_000_000) + "M";
        if (d >= 1_000) return trim(d / 1_000) + "k";
        return trim(d);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
