package io.rapport.analytics.churn;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.FormErrors;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/** Pages: churn and retention, customers at risk, and the churn-risk card on the contact page. */
@Controller
class ChurnPageController {

    private final ChurnApiController api;
    private final ChurnSettings settings;
    private final ChurnEvents events;
    private final ChurnRisk risk;
    private final JsonMapper json = JsonMapper.builder().build();

    private final ChurnSpells spells;

    ChurnPageController(ChurnApiController api, ChurnSettings settings, ChurnEvents events, ChurnRisk risk, ChurnSpells spells) {
        this.spells = spells;
        this.api = api;
        this.settings = settings;
        this.events = events;
        this.risk = risk;
    }

    @GetMapping("/analytics/churn")
    String churn(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                 @RequestParam(required = false) String period, @RequestParam(required = false) String segment, Model model) {
        try {
            ChurnRates.Result r = api.compute(from, to, period, segment);
            model.addAttribute("result", r);
            // bars scale to the highest rate shown (a 100 % axis flattens typical 5–20 % churn into slivers)
            model.addAttribute("maxRate", r.periods().stream().map(ChurnRates.Row::churnRate).filter(java.util.Objects::nonNull)
                    .mapToDouble(Double::doubleValue).filter(v -> v > 0).max().orElse(1));
            model.addAttribute("fromDate", r.from().toString());
            model.addAttribute("toDate", r.to().minusDays(1).toString());
        } catch (ApiProblem p) {
            model.addAttribute("error", p.getMessage() + " " + FormErrors.of(p).values());
            model.addAttribute("fromDate", from);
            model.addAttribute("toDate", to);
        }
        model.addAttribute("period", period == null ? "month" : period.toLowerCase(java.util.Locale.ROOT));
        model.addAttribute("segment", segment);
        model.addAttribute("segments", io.rapport.analytics.rfm.RfmSegment.values());
        ChurnDefinition def = settings.current();
        model.addAttribute("definition", def);
        model.addAttribute("spells", spells.set(def.inactivityDays()).orElse(null));
        return "analytics/churn";
    }

    @GetMapping("/analytics/churn.csv")
    ResponseEntity<byte[]> csv(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                               @RequestParam(required = false) String period, @RequestParam(required = false) String segment) {
        return ChurnApiController.csv(api.compute(from, to, period, segment));
    }

    @PostMapping("/analytics/churn/settings")
    String saveSettings(@RequestParam Map<String, String> form, RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("definition", form.getOrDefault("definition", ""));
        try {
            body.put("inactivityDays", Integer.parseInt(form.getOrDefault("inactivityDays", "").trim()));
            body.put("riskWindowDays", Integer.parseInt(form.getOrDefault("riskWindowDays", "").trim()));
            body.put("pAliveThreshold", Double.parseDouble(form.getOrDefault("pAliveThreshold", "").trim()));
            settings.update(CurrentUser.require(), json.readTree(json.writeValueAsString(body)));
            redirect.addFlashAttribute("notice", "Churn definition saved");
        } catch (NumberFormatException e) {
            redirect.addFlashAttribute("error", "Days and threshold must be numbers");
        } catch (ApiProblem p) {
            redirect.addFlashAttribute("error", p.getMessage() + " " + FormErrors.of(p).values());
        }
        return "redirect:/analytics/churn";
    }

    @GetMapping("/analytics/churn-risk")
    String atRisk(@RequestParam(required = false) String minScore, @RequestParam(required = false) String offset, Model model) {
        try {
            ChurnApiController.AtRiskPage page = api.atRisk(minScore, "100", offset);
            model.addAttribute("page", page);
        } catch (ApiProblem p) {
            model.addAttribute("error", p.getMessage() + " " + FormErrors.of(p).values());
        }
        model.addAttribute("minScore", minScore == null ? "0.5" : minScore);
        model.addAttribute("model", risk.latest().orElse(null));
        return "analytics/churn-risk";
    }

    @PostMapping("/analytics/churn-risk/train")
    String train(RedirectAttributes redirect) {
        try {
            ChurnRisk.Model m = risk.train(CurrentUser.require());
            redirect.addFlashAttribute("notice", "TRAINED".equals(m.status())
                    ? "Model trained" + (m.auc() == null ? "" : String.format(java.util.Locale.ROOT, "; hold-out AUC %.3f", m.auc()))
                    : m.message());
        } catch (ApiProblem p) {
            redirect.addFlashAttribute("error", p.getMessage());
        }
        return "redirect:/analytics/churn-risk";
    }

    @GetMapping("/contacts/{id}/churn-risk")
    String card(@PathVariable long id, Model model) {
        model.addAttribute("risk", api.contactRisk(CurrentUser.require(), id));
        model.addAttribute("contactId", id);
        return "analytics/churn-card";
    }

    @PostMapping("/contacts/{id}/churn")
    String mark(@PathVariable long id, @RequestParam(required = false) String churnedOn, @RequestParam(required = false) String reason,
                Model model) {
        try {
            events.mark(CurrentUser.require(), id, churnedOn, reason);
        } catch (ApiProblem p) {
            model.addAttribute("error", FormErrors.of(p).isEmpty() ? p.getMessage() : String.join("; ", FormErrors.of(p).values()));
        }
        return card(id, model);
    }

    @PostMapping("/contacts/{id}/churn/remove")
    String unmark(@PathVariable long id, Model model) {
        events.unmark(CurrentUser.require(), id);
        return card(id, model);
    }
}
