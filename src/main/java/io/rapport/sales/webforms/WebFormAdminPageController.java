package io.rapport.sales.webforms;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.users.UserDirectory;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.FormErrors;
import io.rapport.sales.leads.LeadDraft;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Admin pages to build web forms and copy the snippet that embeds them (the /admin/** path is ADMIN-only). */
@Controller
class WebFormAdminPageController {

    private final WebForms forms;
    private final UserDirectory users;
    private final JsonMapper json;
    private final String publicUrl;
    private final int perMinute;

    WebFormAdminPageController(WebForms forms, UserDirectory users, JsonMapper json, FormRateLimit limit,
                               @Value("${rapport.public-url}") String publicUrl) {
        this.forms = forms;
        this.users = users;
        this.json = json;
        this.publicUrl = publicUrl;
        this.perMinute = limit.perMinute();
    }

    @GetMapping("/admin/web-forms")
    String list(Model model) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("on.firstName", "true");
        defaults.put("on.lastName", "true");
        defaults.put("req.lastName", "true");
        defaults.put("on.email", "true");
        defaults.put("req.email", "true");
        defaults.put("on.company", "true");
        defaults.put("source", "Web form");
        defaults.put("thankYouText", "Thank you! We will be in touch shortly.");
        return render(model, null, defaults, Map.of());
    }

    @PostMapping("/admin/web-forms")
    String create(@RequestParam Map<String, String> form, Model model) {
        try {
            WebForm created = forms.create(CurrentUser.require(), body(form));
            return "redirect:/admin/web-forms/" + created.id() + "?created";
        } catch (ApiProblem problem) {
            return render(model, null, form, FormErrors.of(problem));
        }
    }

    @GetMapping("/admin/web-forms/{id}")
    String edit(@PathVariable long id, Model model) {
        WebForm form = forms.get(id);
        Map<String, String> values = new LinkedHashMap<>();
        form.fields().forEach(f -> {
            values.put("on." + f.field(), "true");
            if (f.required()) values.put("req." + f.field(), "true");
        });
        values.put("name", form.name());
        values.put("consentText", form.consentText());
        values.put("thankYouText", form.thankYouText());
        values.put("source", form.source());
        values.put("campaign", form.campaign());
        values.put("teamId", form.teamId() == null ? "" : String.valueOf(form.teamId()));
        values.put("active", String.valueOf(form.active()));
        values.put("version", String.valueOf(form.version()));
        return render(model, form, values, Map.of());
    }

    @PostMapping("/admin/web-forms/{id}")
    String update(@PathVariable long id, @RequestParam Map<String, String> form, Model model) {
        WebForm current = forms.get(id);
        try {
            ObjectNode body = body(form);
            body.put("active", "true".equals(form.get("active")));
            if (form.get("version") != null && form.get("version").matches("\\d{1,9}")) body.put("version", Integer.parseInt(form.get("version")));
            forms.update(CurrentUser.require(), id, body, null);
            return "redirect:/admin/web-forms/" + id + "?saved";
        } catch (ApiProblem problem) {
            return render(model, current, form, FormErrors.of(problem));
        }
    }

    @PostMapping("/admin/web-forms/{id}/delete")
    String delete(@PathVariable long id) {
        forms.delete(CurrentUser.require(), id);
        return "redirect:/admin/web-forms?deleted";
    }

    private ObjectNode body(Map<String, String> form) {
        ObjectNode body = json.createObjectNode();
        body.put("name", form.getOrDefault("name", ""));
        ArrayNode fields = body.putArray("fields");
        for (String f : LeadDraft.FORM_FIELDS) {
            if ("true".equals(form.get("on." + f))) fields.addObject().put("field", f).put("required", "true".equals(form.get("req." + f)));
        }
        for (String f : new String[] {"consentText", "thankYouText", "source", "campaign"}) {
            String v = form.get(f);
            if (v != null && !v.isBlank()) body.put(f, v);
            else body.putNull(f);
        }
        if (form.get("teamId") != null && form.get("teamId").matches("\\d{1,18}")) body.put("teamId", Long.parseLong(form.get("teamId")));
        else body.putNull("teamId");
        return body;
    }

    private String render(Model model, WebForm current, Map<String, String> values, Map<String, String> errors) {
        model.addAttribute("forms", forms.all());
        model.addAttribute("current", current);
        model.addAttribute("v", values);
        model.addAttribute("errors", errors);
        model.addAttribute("fields", LeadDraft.FORM_FIELDS.stream().map(f -> new WebForm.FormField(f, false)).toList());
        model.addAttribute("teams", users.teams());
        model.addAttribute("publicUrl", publicUrl);
        model.addAttribute("perMinute", perMinute);
        return "sales/web-forms";
    }
}
