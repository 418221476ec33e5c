package io.rapport.sales.leads;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.users.UserDirectory;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.FormErrors;
import io.rapport.platform.web.PageResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Lead pages: the filtered list, the lead with its score, needs and events, the create/edit form and conversion. */
@Controller
class LeadPageController {

    static final List<String> FORM_FIELDS = List.of("firstName", "lastName", "email", "phone", "company", "jobTitle",
            "companySize", "website", "country", "source", "campaign", "notes");

    private final Leads leads;
    private final LeadConversion conversion;
    private final UserDirectory users;
    private final JsonMapper json;
    private final JdbcClient jdbc;

    LeadPageController(Leads leads, LeadConversion conversion, UserDirectory users, JsonMapper json, JdbcClient jdbc) {
        this.leads = leads;
        this.conversion = conversion;
        this.users = users;
        this.json = json;
        this.jdbc = jdbc;
    }

    @GetMapping("/leads")
    String list(@RequestParam Map<String, String> p, Model model) {
        CurrentUser me = CurrentUser.require();
        Integer minScore = null;
        String filterError = null;
        try {
            if (p.get("minScore") != null && !p.get("minScore").isBlank()) minScore = Integer.valueOf(p.get("minScore").trim());
        } catch (NumberFormatException e) {
            filterError = "Minimum score must be a whole number";
        }
        LeadFilter filter = new LeadFilter(p.get("q"), p.get("status"), p.get("owner"), p.get("source"), p.get("campaign"),
                p.get("country"), minScore, null, p.get("sort"), p.get("cursor"), 50);
        PageResult<Lead> page = new PageResult<>(List.of(), null);
        long total = 0;
        if (filterError == null) {
            try {
                page = leads.list(me, filter);
                total = leads.count(me, filter);
            } catch (ApiProblem problem) {
                filterError = problem.getMessage();
            }
        }
        Map<String, String> next = new LinkedHashMap<>(p);
        next.remove("cursor");
        model.addAttribute("p", p);
        model.addAttribute("leads", page.items());
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("nextQuery", next);
        model.addAttribute("total", total);
        model.addAttribute("filterError", filterError);
        model.addAttribute("statuses", Lead.STATUSES);
        model.addAttribute("users", users.activeUsers());
        model.addAttribute("sources", jdbc.sql("select distinct source from leads order by source limit 50").query(String.class).list());
        model.addAttribute("filtered", p.keySet().stream().anyMatch(k -> !k.equals("sort") && p.get(k) != null && !p.get(k).isBlank()));
        return "sales/leads";
    }

    @GetMapping("/leads/new")
    String createForm(Model model) {
        return form(model, null, Map.of(), Map.of());
    }

    @PostMapping("/leads")
    String create(@RequestParam Map<String, String> form, Model model) {
        try {
            Lead lead = leads.create(CurrentUser.require(), body(form, true));
            return "redirect:/leads/" + lead.id() + "?created";
        } catch (ApiProblem problem) {
            return form(model, null, form, FormErrors.of(problem));
        }
    }

    @GetMapping("/leads/{id}/edit")
    String editForm(@PathVariable long id, Model model) {
        Lead lead = leads.get(CurrentUser.require(), id);
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Object> raw = json.convertValue(lead, Map.class);
        for (String f : FORM_FIELDS) values.put(f, raw.get(f) == null ? "" : String.valueOf(raw.get(f)));
        values.put("ownerId", lead.ownerId() == null ? "" : String.valueOf(lead.ownerId()));
        values.put("emailConsent", String.valueOf(lead.emailConsent()));
        values.put("version", String.valueOf(lead.version()));
        return form(model, lead, values, Map.of());
    }

    @PostMapping("/leads/{id}")
    String update(@PathVariable long id, @RequestParam Map<String, String> form, Model model) {
        CurrentUser me = CurrentUser.require();
        try {
            leads.update(me, id, body(form, false), null);
            return "redirect:/leads/" + id + "?saved";
        } catch (ApiProblem problem) {
            if (problem.status().value() == 404) throw problem;
            return form(model, leads.get(me, id), form, FormErrors.of(problem));
        }
    }

    private ObjectNode body(Map<String, String> form, boolean creating) {
        ObjectNode body = json.createObjectNode();
        for (String f : FORM_FIELDS) {
            String v = form.get(f);
            if (v == null) continue;
            if (f.equals("companySize") && v.trim().matches("-?\\d{1,9}")) body.put(f, Integer.parseInt(v.trim()));
            else if (v.isBlank()) body.putNull(f);
            else body.put(f, v);
        }
        String owner = form.get("ownerId");
        if (owner != null && owner.matches("\\d{1,18}")) body.put("ownerId", Long.parseLong(owner));
        else if (owner != null && !creating) body.putNull("ownerId");
        body.put("emailConsent", "true".equals(form.get("emailConsent")));
        if (form.get("version") != null && form.get("version").matches("\\d{1,9}")) body.put("version", Integer.parseInt(form.get("version")));
        return body;
    }

    private String form(Model model, Lead lead, Map<String, String> values, Map<String, String> errors) {
        model.addAttribute("lead", lead);
        model.addAttribute("v", values);
        model.addAttribute("errors", errors);
        model.addAttribute("users", users.activeUsers());
        return "sales/lead-form";
    }

    @GetMapping("/leads/{id}")
    String show(@PathVariable long id, Model model) {
        CurrentUser me = CurrentUser.require();
        return detail(model, me, leads.get(me, id), null, Map.of(), null);
    }

    private String detail(Model model, CurrentUser me, Lead lead, Map<String, String> needsForm, Map<String, String> needsErrors,
                          String statusError) {
        model.addAttribute("lead", lead);
        model.addAttribute("events", leads.events(lead.id()));
        NeedsAssessment needs = leads.needs(lead.id());
        model.addAttribute("needs", needs);
        Map<String, String> n = needsForm;
        if (n == null) {
            n = new LinkedHashMap<>();
            n.put("pains", needs.pains());
            n.put("goals", needs.goals());
            n.put("budget", needs.budget() == null ? null : needs.budget().toPlainString());
            n.put("budgetCurrency", needs.budgetCurrency());
            n.put("authority", needs.authority());
            n.put("decisionTimeline", needs.decisionTimeline());
        }
        model.addAttribute("n", n);
        model.addAttribute("needsErrors", needsErrors);
        model.addAttribute("statusError", statusError);
        model.addAttribute("canWrite", me.role().canWrite());
        model.addAttribute("statuses", LeadDraft.EDITABLE_STATUSES);
        return "sales/lead";
    }

    @PostMapping("/leads/{id}/status")
    String status(@PathVariable long id, @RequestParam String status, @RequestParam(required = false) Integer version, Model model) {
        CurrentUser me = CurrentUser.require();
        ObjectNode body = json.createObjectNode().put("status", status);
        if (version != null) body.put("version", version);
        try {
            leads.update(me, id, body, null);
            return "redirect:/leads/" + id + "?saved";
        } catch (ApiProblem problem) {
            if (problem.status().value() == 404) throw problem;
            return detail(model, me, leads.get(me, id), null, Map.of(), problem.getMessage());
        }
    }

    @PostMapping("/leads/{id}/needs")
    String needs(@PathVariable long id, @RequestParam Map<String, String> form, Model model) {
        CurrentUser me = CurrentUser.require();
        ObjectNode body = json.createObjectNode();
        for (String f : List.of("pains", "goals", "budgetCurrency", "authority", "decisionTimeline")) {
            if (form.get(f) != null && !form.get(f).isBlank()) body.put(f, form.get(f));
        }
        String budget = form.get("budget");
        if (budget != null && !budget.isBlank()) {
            try {
                body.put("budget", new java.math.BigDecimal(budget.trim().replace(",", "")));
            } catch (NumberFormatException e) {
                body.put("budget", budget);
            }
        }
        try {
            leads.putNeeds(me, id, body);
            return "redirect:/leads/" + id + "?needsSaved#needs";
        } catch (ApiProblem problem) {
            if (problem.status().value() == 404) throw problem;
            return detail(model, me, leads.get(me, id), form, FormErrors.of(problem), null);
        }
    }

    @PostMapping("/leads/{id}/delete")
    String delete(@PathVariable long id) {
        leads.delete(CurrentUser.require(), id);
        return "redirect:/leads?deleted";
    }

    @GetMapping("/leads/{id}/convert")
    String convertPage(@PathVariable long id, Model model) {
        CurrentUser me = CurrentUser.require();
        return convertView(model, me, leads.get(me, id), Map.of("createDeal", "true"), Map.of());
    }

    private String convertView(Model model, CurrentUser me, Lead lead, Map<String, String> form, Map<String, String> errors) {
        model.addAttribute("lead", lead);
        model.addAttribute("preview", conversion.preview(me, lead.id()));
        model.addAttribute("needs", leads.needs(lead.id()));
        model.addAttribute("pipelines", jdbc.sql("select id, name from pipelines where not archived order by is_default desc, position, id")
                .query((rs, i) -> Map.of("id", rs.getLong(1), "name", rs.getString(2))).list());
        model.addAttribute("f", form);
        model.addAttribute("errors", errors);
        return "sales/lead-convert";
    }

    @PostMapping("/leads/{id}/convert")
    String convert(@PathVariable long id, @RequestParam Map<String, String> form, Model model) {
        CurrentUser me = CurrentUser.require();
        ObjectNode body = json.createObjectNode();
        boolean deal = "true".equals(form.get("createDeal"));
        body.put("createDeal", deal);
        if (deal) {
            if (form.get("dealName") != null && !form.get("dealName").isBlank()) body.put("dealName", form.get("dealName"));
            String amount = form.get("amount");
            if (amount != null && !amount.isBlank()) {
                try {
                    body.put("amount", new java.math.BigDecimal(amount.trim().replace(",", "")));
                } catch (NumberFormatException e) {
                    body.put("amount", amount);
                }
            }
            if (form.get("currency") != null && !form.get("currency").isBlank()) body.put("currency", form.get("currency"));
            if (form.get("pipelineId") != null && form.get("pipelineId").matches("\\d{1,18}")) body.put("pipelineId", Long.parseLong(form.get("pipelineId")));
            if (form.get("closeDate") != null && !form.get("closeDate").isBlank()) body.put("closeDate", form.get("closeDate"));
        }
        try {
            ConversionResult result = conversion.convert(me, id, body);
            return "redirect:/contacts/" + result.contactId() + "?converted";
        } catch (ApiProblem problem) {
            if (problem.status().value() == 404) throw problem;
            return convertView(model, me, leads.get(me, id), form, FormErrors.of(problem));
        }
    }
}
