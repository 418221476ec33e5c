package io.rapport.analytics.acquisition;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The acquisition cost page: CAC and CLV:CAC per channel with a chart, the spend list, a form and a CSV upload. */
@Controller
class AcquisitionPageController {

    /** One channel in the chart: CAC and average CLV as bar heights (0–180 px). */
    record Bar(String label, int x, int cac, int clv, String title) {}

    private final Acquisition acquisition;

    AcquisitionPageController(Acquisition acquisition) {
        this.acquisition = acquisition;
    }

    @GetMapping("/analytics/acquisition")
    String page(@RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model) {
        CurrentUser user = CurrentUser.require();
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        try {
            Acquisition.Report report = acquisition.report(user, from, to);
            model.addAttribute("report", report);
            model.addAttribute("entries", acquisition.list(user, report.from(), report.to(), null, 200));
            model.addAttribute("bars", bars(report.channels()));
            model.addAttribute("canWrite", user.role().name().matches("ADMIN|MANAGER|MARKETING"));
        } catch (ApiProblem e) {
            model.addAttribute("error", e.getMessage() + (e.errors().isEmpty() ? "" : ": " + e.errors().getFirst().field() + " "
                    + e.errors().getFirst().message()));
        }
        return "analytics/acquisition";
    }

    @PostMapping("/analytics/acquisition/spend")
    String create(@RequestParam(required = false) String month, @RequestParam(required = false) String channel,
                  @RequestParam(required = false) String campaign, @RequestParam(required = false) String amount,
                  @RequestParam(required = false) String currency, @RequestParam(required = false) String note, RedirectAttributes flash) {
        try {
            Acquisition.Entry e = acquisition.create(CurrentUser.require(), new Acquisition.Input(month, channel, campaign, amount, currency, note));
            flash.addFlashAttribute("flash", "Recorded " + e.currency() + " " + e.amount() + " for " + e.channel() + " in " + e.month() + ".");
        } catch (ApiProblem e) {
            flash.addFlashAttribute("flashError", describe(e));
        }
        return "redirect:/analytics/acquisition";
    }

    @PostMapping("/analytics/acquisition/spend/{id}/delete")
    String delete(@PathVariable long id, RedirectAttributes flash) {
        try {
            acquisition.delete(CurrentUser.require(), id);
            flash.addFlashAttribute("flash", "Spend entry deleted.");
        } catch (ApiProblem e) {
            flash.addFlashAttribute("flashError", describe(e));
        }
        return "redirect:/analytics/acquisition";
    }

    @PostMapping("/analytics/acquisition/import")
    String importCsv(@RequestParam(value = "file", required = false) MultipartFile file, RedirectAttributes flash) throws java.io.IOException {
        try {
            if (file == null || file.isEmpty()) throw io.rapport.platform.web.Problems.invalid("file", "choose a CSV file");
            int n = acquisition.importCsv(CurrentUser.require(), new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8));
            flash.addFlashAttribute("flash", "Imported " + n + " spend entries.");
        } catch (ApiProblem e) {
            flash.addFlashAttribute("flashError", describe(e));
        }
        return "redirect:/analytics/acquisition";
    }

    @GetMapping("/analytics/acquisition.csv")
    ResponseEntity<byte[]> csv(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        return AcquisitionApiController.csv(acquisition.report(CurrentUser.require(), from, to));
    }

    private static String describe(ApiProblem e) {
        if (e.errors().isEmpty()) return e.getMessage();
        StringBuilder s = new StringBuilder();
        for (ApiProblem.FieldError f : e.errors()) s.append(s.isEmpty() ? "" : "; ").append(f.field()).append(": ").append(f.message());
        return s.toString();
    }

    static List<Bar> bars(List<Acquisition.ChannelRow> rows) {
        BigDecimal max = BigDecimal.ZERO;
        for (Acquisition.ChannelRow r : rows) {
            if (r.cac() != null) max = max.max(r.cac());
            if (r.averagePredictedClv() != null) max = max.max(r.averagePredictedClv());
        }
        List<Bar> bars = new ArrayList<>();
        if (max.signum() == 0) return bars;
        double m = max.doubleValue();
        int i = 0;
        for (Acquisition.ChannelRow r : rows) {
            int cac = r.cac() == null ? 0 : (int) Math.round(r.cac().doubleValue() * 180 / m);
            int clv = r.averagePredictedClv() == null ? 0 : (int) Math.round(r.averagePredictedClv().doubleValue() * 180 / m);
            String label = r.channel().length() > 12 ? r.channel().substring(0, 11) + "…" : r.channel();
            bars.add(new Bar(label, 20 + i++ * 70, cac, clv, r.channel() + ": CAC " + (r.cac() == null ? "n/a" : r.cac())
                    + ", average predicted CLV " + (r.averagePredictedClv() == null ? "n/a" : r.averagePredictedClv())));
        }
        return bars;
    }
}
