package io.rapport.feedback.surveys;

import io.rapport.feedback.answers.TopicRules;
import io.rapport.feedback.results.SurveyResponses;
import io.rapport.feedback.sending.FeedbackSettings;
import io.rapport.feedback.sending.Invitations;
import io.rapport.feedback.sending.SurveySending;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.security.Role;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.FormErrors;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Survey list, editor (admins), a survey's page with sending, invitations and answers, topic rules and settings. */
@Controller
class FeedbackSurveyPageController {

    /** A question row of the editor form (blank rows add questions). */
    record Row(int index, String id, String type, String scale, String prompt, String choices, boolean required) {}

    private final SurveyDefinitions surveys;
    private final SurveySending sending;
    private final SurveyResponses responses;
    private final TopicRules topics;
    private final FeedbackSettings settings;

    FeedbackSurveyPageController(SurveyDefinitions surveys, SurveySending sending, SurveyResponses responses, TopicRules topics,
                         FeedbackSettings settings) {
        this.surveys = surveys;
        this.sending = sending;
        this.responses = responses;
        this.topics = topics;
        this.settings = settings;
    }

    @GetMapping("/feedback/surveys")
    String list(Model model) {
        CurrentUser user = CurrentUser.require();
        model.addAttribute("surveys", surveys.list());
        model.addAttribute("isAdmin", user.isAdmin());
        model.addAttribute("settings", settings.current());
        return "feedback/surveys";
    }

    @PostMapping("/feedback/settings")
    String saveSettings(@RequestParam int throttleDays, @RequestParam int relationshipIntervalDays,
                        @RequestParam int relationshipBatch) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("throttleDays", throttleDays)
                .put("relationshipIntervalDays", relationshipIntervalDays).put("relationshipBatch", relationshipBatch);
        settings.update(CurrentUser.require(), body);
        return "redirect:/feedback/surveys?saved";
    }

    @GetMapping("/feedback/surveys/new")
    String create(Model model) {
        RecordVisibility.requireAdmin(CurrentUser.require());
        return editor(model, null, rows(Map.of()), Map.of(), Map.of("kind", "NPS", "trigger", "MANUAL", "linkDays", "14", "active", "on"));
    }

    @PostMapping("/feedback/surveys/new")
    String createPost(@RequestParam Map<String, String> form, Model model, HttpServletResponse response) {
        CurrentUser user = CurrentUser.require();
        try {
            Survey s = surveys.create(user, body(form));
            return "redirect:/feedback/surveys/" + s.id() + "?saved";
        } catch (ApiProblem p) {
            if (p.status().value() != 400) throw p;
            response.setStatus(400);
            return editor(model, null, rows(form), FormErrors.of(p), form);
        }
    }

    @GetMapping("/feedback/surveys/{id}/edit")
    String edit(@PathVariable long id, Model model) {
        RecordVisibility.requireAdmin(CurrentUser.require());
        Survey s = surveys.get(id);
        List<Row> rows = new ArrayList<>();
        for (Survey.Question q : s.questions()) {
            rows.add(new Row(rows.size(), String.valueOf(q.id()), q.type(), q.scale(), q.prompt(), String.join("; ", q.choices()), q.required()));
        }
        for (int i = 0; i < 3; i++) rows.add(new Row(rows.size(), "", "", "", "", "", false));
        return editor(model, s, rows, Map.of(), Map.of("name", s.name(), "kind", s.kind(), "trigger", s.trigger(),
                "intro", s.intro() == null ? "" : s.intro(), "linkDays", String.valueOf(s.linkDays()), "active", s.active() ? "on" : ""));
    }

    @PostMapping("/feedback/surveys/{id}/edit")
    String editPost(@PathVariable long id, @RequestParam Map<String, String> form, Model model, HttpServletResponse response) {
        CurrentUser user = CurrentUser.require();
        try {
            surveys.update(user, id, body(form));
            return "redirect:/feedback/surveys/" + id + "?saved";
        } catch (ApiProblem p) {
            if (p.status().value() != 400) throw p;
            response.setStatus(400);
            return editor(model, surveys.get(id), rows(form), FormErrors.of(p), form);
        }
    }

    @PostMapping("/feedback/surveys/{id}/delete")
    String delete(@PathVariable long id) {
        surveys.delete(CurrentUser.require(), id);
        return "redirect:/feedback/surveys?deleted";
    }

    @GetMapping("/feedback/surveys/{id}")
    String show(@PathVariable long id, @RequestParam(required = false) String cursor, Model model) {
        CurrentUser user = CurrentUser.require();
        model.addAttribute("survey", surveys.get(id));
        model.addAttribute("isAdmin", user.isAdmin());
        boolean sender = user.role() == Role.ADMIN || user.role() == Role.MANAGER;
        model.addAttribute("canSend", sender);
        model.addAttribute("canSendAudience", io.rapport.feedback.sends.SurveySends.maySend(user));
        model.addAttribute("invitations", sender ? sending.recent(user, id, 20) : List.<Invitations.Invitation>of());
        model.addAttribute("responses", responses.page(user, id, null, cursor, 50));
        return "feedback/survey";
    }

    @PostMapping("/feedback/surveys/{id}/send")
    String send(@PathVariable long id, @RequestParam(required = false) String contactId, Model model) {
        CurrentUser user = CurrentUser.require();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        try {
            body.put("contactId", Long.parseLong(contactId == null ? "" : contactId.strip()));
        } catch (NumberFormatException e) {
            return "redirect:/feedback/surveys/" + id + "?sendError=" + java.net.URLEncoder.encode("Enter a contact id", java.nio.charset.StandardCharsets.UTF_8);
        }
        try {
            sending.sendOne(user, id, body);
            return "redirect:/feedback/surveys/" + id + "?sent";
        } catch (ApiProblem p) {
            String msg = p.errors().isEmpty() ? p.getMessage() : p.errors().getFirst().message();
            return "redirect:/feedback/surveys/" + id + "?sendError=" + java.net.URLEncoder.encode(msg, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @GetMapping("/feedback/topics")
    String topicsPage(Model model) {
        CurrentUser user = CurrentUser.require();
        model.addAttribute("rules", topics.list());
        model.addAttribute("isAdmin", user.isAdmin());
        return "feedback/topics";
    }

    @PostMapping("/feedback/topics")
    String saveTopic(@RequestParam(required = false) Long id, @RequestParam(required = false) String topic,
                     @RequestParam(required = false) String keywords, Model model, HttpServletResponse response) {
        CurrentUser user = CurrentUser.require();
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("topic", topic);
        ArrayNode kw = body.putArray("keywords");
        if (keywords != null) Arrays.stream(keywords.split("[,;]")).map(String::strip).filter(s -> !s.isEmpty()).forEach(kw::add);
        try {
            topics.save(user, id, body);
            return "redirect:/feedback/topics?saved";
        } catch (ApiProblem p) {
            if (p.status().value() != 400) throw p;
            response.setStatus(400);
            model.addAttribute("rules", topics.list());
            model.addAttribute("isAdmin", user.isAdmin());
            model.addAttribute("errors", FormErrors.of(p));
            model.addAttribute("topic", topic);
            model.addAttribute("keywords", keywords);
            return "feedback/topics";
        }
    }

    @PostMapping("/feedback/topics/{id}/delete")
    String deleteTopic(@PathVariable long id) {
        topics.delete(CurrentUser.require(), id);
        return "redirect:/feedback/topics?deleted";
    }

    private String editor(Model model, Survey survey, List<Row> rows, Map<String, String> errors, Map<String, String> form) {
        model.addAttribute("survey", survey);
        model.addAttribute("rows", rows);
        model.addAttribute("errors", errors);
        model.addAttribute("form", form);
        model.addAttribute("kinds", Survey.KINDS);
        model.addAttribute("triggers", Survey.TRIGGERS);
        return "feedback/survey-edit";
    }

    static List<Row> rows(Map<String, String> form) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            if (!form.containsKey("q" + i + ".type")) continue;
            rows.add(new Row(rows.size(), form.getOrDefault("q" + i + ".id", ""), form.get("q" + i + ".type"), form.getOrDefault("q" + i + ".scale", ""),
                    form.getOrDefault("q" + i + ".prompt", ""), form.getOrDefault("q" + i + ".choices", ""), form.containsKey("q" + i + ".required")));
        }
        while (rows.size() < 3 || rows.stream().noneMatch(r -> r.type().isEmpty())) {
            rows.add(new Row(rows.size(), "", "", "", "", "", false));
        }
        return rows;
    }

    /** The editor form as the API's JSON: blank question rows are left out; no rows at all means the kind's defaults. */
    static ObjectNode body(Map<String, String> form) {
        ObjectNode b = JsonNodeFactory.instance.objectNode();
        b.put("name", form.getOrDefault("name", ""));
        b.put("kind", form.getOrDefault("kind", ""));
        b.put("trigger", form.getOrDefault("trigger", "MANUAL"));
        b.put("intro", form.getOrDefault("intro", ""));
        b.put("active", form.containsKey("active"));
        try {
            b.put("linkDays", Integer.parseInt(form.getOrDefault("linkDays", "14").strip()));
        } catch (NumberFormatException e) {
            b.put("linkDays", form.get("linkDays"));
        }
        ArrayNode qs = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < 30; i++) {
            String type = form.get("q" + i + ".type");
            if (type == null || type.isBlank()) continue;
            ObjectNode q = qs.addObject();
            String id = form.getOrDefault("q" + i + ".id", "");
            if (!id.isBlank()) q.put("id", Long.parseLong(id.strip()));
            q.put("type", type);
            String scale = form.getOrDefault("q" + i + ".scale", "");
            if (!scale.isBlank() && "SCORE".equals(type)) q.put("scale", scale);
            q.put("prompt", form.getOrDefault("q" + i + ".prompt", ""));
            String choices = form.getOrDefault("q" + i + ".choices", "");
            if ("CHOICE".equals(type)) {
                ArrayNode c = q.putArray("choices");
                Arrays.stream(choices.split(";")).map(String::strip).filter(s -> !s.isEmpty()).forEach(c::add);
            }
            q.put("required", form.containsKey("q" + i + ".required"));
        }
        if (!qs.isEmpty()) b.set("questions", qs);
        return b;
    }
}
