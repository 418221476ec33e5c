package io.rapport.service.tickets;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.users.UserDirectory;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.FormErrors;
import io.rapport.platform.web.PageResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The agent's desk: queues with filters and bulk actions, the ticket page, the phone-call log form. */
@Controller
class TicketPageController {

    static final Map<String, String> VIEWS = new LinkedHashMap<>();

    static {
        VIEWS.put("mine", "My open");
        VIEWS.put("unassigned", "Unassigned");
        VIEWS.put("breaching", "Breaching soon");
        VIEWS.put("team", "My team");
        VIEWS.put("open", "All open");
        VIEWS.put("solved", "Solved");
        VIEWS.put("all", "All");
    }

    private final Tickets tickets;
    private final TicketPresence presence;
    private final Attachments attachments;
    private final UserDirectory users;
    private final JsonMapper json;
    private final TicketCustomFields customFields;
    private final io.rapport.service.macros.Macros macros;

    TicketPageController(Tickets tickets, TicketPresence presence, Attachments attachments, UserDirectory users, JsonMapper json,
                         TicketCustomFields customFields, io.rapport.service.macros.Macros macros) {
        this.customFields = customFields;
        this.macros = macros;
        this.tickets = tickets;
        this.presence = presence;
        this.attachments = attachments;
        this.users = users;
        this.json = json;
    }

    @GetMapping("/tickets")
    String list(@RequestParam Map<String, String> p, Model model, jakarta.servlet.http.HttpServletRequest request) {
        CurrentUser me = CurrentUser.require();
        TicketVisibility.requireReader(me);
        Map<String, String> params = new LinkedHashMap<>(p);
        if (params.get("view") == null || params.get("view").isBlank()) params.put("view", "mine");
        if ("team".equals(params.get("view")) && me.teamId() == null && blank(params.get("team"))) params.put("view", "open");
        MultiValueMap<String, String> all = new LinkedMultiValueMap<>();
        params.forEach((k, v) -> { if (!blank(v) && !k.equals("cursor")) all.add(k, v); });
        PageResult<Ticket> page = new PageResult<>(List.of(), null);
        String filterError = null;
        long total = 0;
        try {
            TicketQuery q = TicketQuery.of(me, all, blank(p.get("cursor")) ? null : p.get("cursor"), 50);
            page = tickets.list(me, q);
            total = tickets.count(me, TicketQuery.of(me, all, null, 50));
        } catch (ApiProblem problem) {
            filterError = problem.getMessage();
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String v : List.of("mine", "unassigned", "open")) {
            MultiValueMap<String, String> only = new LinkedMultiValueMap<>();
            only.add("view", v);
            counts.put(v, tickets.count(me, TicketQuery.of(me, only, null, 1)));
        }
        model.addAttribute("p", params);
        model.addAttribute("back", request.getQueryString());
        model.addAttribute("views", VIEWS);
        model.addAttribute("counts", counts);
        model.addAttribute("tickets", page.items());
        model.addAttribute("nextCursor", page.nextCursor());
        if (page.nextCursor() != null) {
            var next = org.springframework.web.util.UriComponentsBuilder.fromPath("/tickets");
            params.forEach((k, v) -> { if (!blank(v) && !k.equals("cursor")) next.queryParam(k, v); });
            model.addAttribute("nextHref", next.queryParam("cursor", page.nextCursor()).encode().build().toUriString());
        }
        model.addAttribute("total", total);
        model.addAttribute("filterError", filterError);
        model.addAttribute("users", users.activeUsers());
        model.addAttribute("teams", users.teams());
        model.addAttribute("statuses", Ticket.STATUSES);
        model.addAttribute("priorities", Ticket.PRIORITIES);
        model.addAttribute("types", Ticket.TYPES);
        model.addAttribute("channels", Ticket.CHANNELS);
        model.addAttribute("customFields", customFields.definitions());
        model.addAttribute("filtered", params.entrySet().stream().anyMatch(e -> !e.getKey().equals("view") && !e.getKey().equals("cursor") && !blank(e.getValue())));
        return "service/tickets";
    }

    @PostMapping("/tickets/bulk")
    String bulk(@RequestParam(name = "ids", required = false) List<Long> ids, @RequestParam Map<String, String> form,
                RedirectAttributes redirect) {
        String action = form.get("action");
        String value = action == null ? null : form.get("value-" + action);
        Map<Long, Integer> items = new LinkedHashMap<>();
        for (Long id : ids == null ? List.<Long>of() : ids) {
            String v = form.get("version-" + id);
            items.put(id, v != null && v.matches("\\d{1,9}") ? Integer.valueOf(v) : null);
        }
        try {
            var result = tickets.bulk(CurrentUser.require(), items, action, value);
            redirect.addFlashAttribute("flash", result.changed() + " ticket" + (result.changed() == 1 ? "" : "s") + " updated.");
            if (!result.conflicts().isEmpty()) {
                redirect.addFlashAttribute("flashError", "Not changed, because someone else changed them since you loaded the list: "
                        + String.join(", ", result.conflicts().stream().map(c -> "#" + c.number()).toList()) + ". Review them and try again.");
            }
        } catch (ApiProblem problem) {
            redirect.addFlashAttribute("flashError", problem.getMessage());
        }
        return "redirect:/tickets" + (blank(form.get("back")) ? "" : "?" + form.get("back"));
    }

    @GetMapping("/tickets/new")
    String newForm(Model model, @RequestParam(required = false) Long contactId) {
        TicketVisibility.requireWriter(CurrentUser.require());
        Map<String, String> values = new LinkedHashMap<>();
        values.put("channel", "PHONE");
        if (contactId != null) values.put("requesterId", String.valueOf(contactId));
        return form(model, values, Map.of());
    }

    @PostMapping("/tickets/new")
    String create(@RequestParam Map<String, String> form, @RequestParam MultiValueMap<String, String> multi, Model model) {
        CurrentUser me = CurrentUser.require();
        ObjectNode body = json.createObjectNode();
        body.put("channel", "PHONE");  // this form logs calls
        for (String f : List.of("subject", "body", "requesterEmail", "requesterName", "priority", "type", "channel")) {
            if (!blank(form.get(f))) body.put(f, form.get(f));
        }
        for (String f : List.of("requesterId", "teamId", "assigneeId")) {
            if (!blank(form.get(f))) {
                if (form.get(f).trim().matches("\\d{1,18}")) body.put(f, Long.parseLong(form.get(f).trim()));
                else body.put(f, form.get(f));
            }
        }
        if ("me".equals(form.get("assigneeId"))) body.put("assigneeId", me.id());
        if (!blank(form.get("tags"))) {
            var arr = body.putArray("tags");
            for (String t : form.get("tags").split(",")) if (!t.isBlank()) arr.add(t.trim());
        }
        var defs = customFields.definitions();
        if (!defs.isEmpty()) body.set("custom", io.rapport.customers.customfields.CustomFieldForm.toJson(defs, multi));
        try {
            Ticket t = tickets.create(me, body, List.of());
            return "redirect:/tickets/" + t.id() + "?created";
        } catch (ApiProblem problem) {
            return form(model, form, FormErrors.of(problem));
        }
    }

    private String form(Model model, Map<String, String> values, Map<String, String> errors) {
        model.addAttribute("form", values);
        model.addAttribute("errors", errors);
        model.addAttribute("priorities", Ticket.PRIORITIES);
        model.addAttribute("types", Ticket.TYPES);
        model.addAttribute("teams", users.teams());
        model.addAttribute("customFields", customFields.definitions());
        Map<String, String> customErrors = new LinkedHashMap<>();
        errors.forEach((k, v) -> { if (k.startsWith("custom.")) customErrors.put("customFields." + k.substring(7), v); });
        model.addAttribute("customErrors", customErrors);
        return "service/ticket-new";
    }

    record Match(long id, String name, String email) {}

    /** The requester picker: visible contacts by name or e-mail. */
    @GetMapping("/tickets/requesters")
    String requesters(@RequestParam(required = false) String requesterQuery, Model model) {
        CurrentUser me = CurrentUser.require();
        TicketVisibility.requireReader(me);
        String q = requesterQuery == null ? "" : requesterQuery.trim();
        model.addAttribute("matches", q.length() < 2 ? List.of() : tickets.findContacts(me, q));
        return "service/ticket-fragments :: requesters";
    }

    @GetMapping("/tickets/{id}")
    String page(@PathVariable long id, Model model) {
        CurrentUser me = CurrentUser.require();
        Ticket t = tickets.get(me, id);
        model.addAttribute("t", t);
        model.addAttribute("messages", tickets.messages(me, id));
        model.addAttribute("links", tickets.linked(me, id));
        model.addAttribute("others", presence.beat(id, me.id(), false));
        model.addAttribute("users", users.activeUsers());
        model.addAttribute("teams", users.teams());
        model.addAttribute("statuses", Ticket.STATUSES);
        model.addAttribute("priorities", Ticket.PRIORITIES);
        model.addAttribute("types", Ticket.TYPES);
        model.addAttribute("maxMb", attachments.maxBytes() / (1024 * 1024));
        model.addAttribute("customFields", customFields.definitions());
        model.addAttribute("customValues", customFields.display(t.custom()));
        Map<String, Object> stored = t.custom() == null ? Map.of() : json.convertValue(t.custom(), Map.class);
        model.addAttribute("customForm", io.rapport.customers.customfields.CustomFieldForm.toForm(stored));
        return "service/ticket";
    }

    @PostMapping("/tickets/{id}")
    String update(@PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        ObjectNode body = json.createObjectNode();
        for (String f : List.of("status", "priority", "type", "subject")) if (form.containsKey(f)) body.put(f, form.get(f));
        for (String f : List.of("assigneeId", "teamId")) {
            if (!form.containsKey(f)) continue;
            if (blank(form.get(f))) body.putNull(f);
            else if (form.get(f).matches("\\d{1,18}")) body.put(f, Long.parseLong(form.get(f)));
            else body.put(f, form.get(f));
        }
        if (form.containsKey("tags")) {
            var arr = body.putArray("tags");
            for (String t : form.get("tags").split(",")) if (!t.isBlank()) arr.add(t.trim());
        }
        if (form.get("version") != null && form.get("version").matches("\\d{1,9}")) body.put("version", Integer.parseInt(form.get("version")));
        return act(id, redirect, () -> tickets.update(CurrentUser.require(), id, body, null), "Saved.");
    }

    /** The custom fields card: every defined ticket field, checked like the API checks them. */
    @PostMapping("/tickets/{id}/custom")
    String custom(@PathVariable long id, @RequestParam MultiValueMap<String, String> form, RedirectAttributes redirect) {
        ObjectNode body = json.createObjectNode();
        body.set("custom", io.rapport.customers.customfields.CustomFieldForm.toJson(customFields.definitions(), form));
        String version = form.getFirst("version");
        if (version != null && version.matches("\\d{1,9}")) body.put("version", Integer.parseInt(version));
        return act(id, redirect, () -> tickets.update(CurrentUser.require(), id, body, null), "Custom fields saved.");
    }

    @PostMapping("/tickets/{id}/reply")
    String reply(@PathVariable long id, @RequestParam Map<String, String> form,
                 @RequestParam(name = "files", required = false) List<MultipartFile> files, RedirectAttributes redirect) {
        ObjectNode body = json.createObjectNode();
        body.put("kind", "NOTE".equals(form.get("kind")) ? "NOTE" : "PUBLIC");
        body.put("body", form.getOrDefault("body", ""));
        if (!blank(form.get("status"))) body.put("status", form.get("status"));
        // a macro picked in the reply box also sets its fields (status, priority, type, tags, team, assignee) on send
        String macroId = form.get("macroId");
        return act(id, redirect, () -> {
            var m = tickets.addMessage(CurrentUser.require(), id, body, attachments.fromParts(files));
            if (macroId != null && macroId.matches("\\d{1,18}")) macros.apply(id, Long.parseLong(macroId), CurrentUser.require());
            return m;
        }, ("NOTE".equals(form.get("kind")) ? "Note added." : "Reply sent.") + (blank(macroId) ? "" : " Macro applied."));
    }

    @PostMapping("/tickets/{id}/merge")
    String merge(@PathVariable long id, @RequestParam(required = false) String into, RedirectAttributes redirect) {
        try {
            ObjectNode body = json.createObjectNode();
            String n = into == null ? "" : into.trim().replace("#", "");
            Long target = tickets.idOfNumber(CurrentUser.require(), n);
            if (target == null) {
                redirect.addFlashAttribute("flashError", "intoTicketId: no ticket #" + n);
                return "redirect:/tickets/" + id;
            }
            body.put("intoTicketId", target);
            tickets.merge(CurrentUser.require(), id, body);
            redirect.addFlashAttribute("flash", "Merged into this ticket.");
            return "redirect:/tickets/" + target;
        } catch (ApiProblem problem) {
            if (problem.status().value() == 404 || problem.status().value() == 403) throw problem;
            redirect.addFlashAttribute("flashError", problem.getMessage());
            return "redirect:/tickets/" + id;
        }
    }

    @PostMapping("/tickets/{id}/split")
    String split(@PathVariable long id, @RequestParam long messageId, RedirectAttributes redirect) {
        try {
            ObjectNode body = json.createObjectNode();
            body.put("messageId", messageId);
            Ticket created = tickets.split(CurrentUser.require(), id, body);
            redirect.addFlashAttribute("flash", "Split off from #" + tickets.get(CurrentUser.require(), id).number() + ".");
            return "redirect:/tickets/" + created.id();
        } catch (ApiProblem problem) {
            if (problem.status().value() == 404 || problem.status().value() == 403) throw problem;
            redirect.addFlashAttribute("flashError", problem.getMessage());
            return "redirect:/tickets/" + id;
        }
    }

    @PostMapping("/tickets/{id}/links")
    String link(@PathVariable long id, @RequestParam(required = false) String related, RedirectAttributes redirect) {
        String n = related == null ? "" : related.trim().replace("#", "");
        Long target = tickets.idOfNumber(CurrentUser.require(), n);
        ObjectNode body = json.createObjectNode();
        if (target == null) {
            redirect.addFlashAttribute("flashError", "relatedId: no ticket #" + n);
            return "redirect:/tickets/" + id;
        }
        body.put("relatedId", target);
        return act(id, redirect, () -> tickets.addLink(CurrentUser.require(), id, body), "Linked.");
    }

    @PostMapping("/tickets/{id}/links/{relatedId}/delete")
    String unlink(@PathVariable long id, @PathVariable long relatedId, RedirectAttributes redirect) {
        return act(id, redirect, () -> {
            tickets.removeLink(CurrentUser.require(), id, relatedId);
            return null;
        }, "Link removed.");
    }

    /** htmx heartbeat: records this agent and answers with who else is here. */
    @PostMapping("/tickets/{id}/presence")
    String presence(@PathVariable long id, @RequestParam(required = false) String replying, Model model) {
        CurrentUser me = CurrentUser.require();
        tickets.get(me, id);
        model.addAttribute("others", presence.beat(id, me.id(), "true".equals(replying)));
        model.addAttribute("t", tickets.get(me, id));
        return "service/ticket-fragments :: presence";
    }

    @GetMapping("/tickets/{id}/attachments/{attachmentId}")
    ResponseEntity<byte[]> attachment(@PathVariable long id, @PathVariable long attachmentId) {
        return TicketApiController.download(tickets.attachment(CurrentUser.require(), id, attachmentId));
    }

    /** The "Tickets" card on contact and account pages. */
    @GetMapping({"/contacts/{id}/tickets", "/accounts/{id}/tickets"})
    String card(@PathVariable long id, jakarta.servlet.http.HttpServletRequest request, Model model) {
        CurrentUser me = CurrentUser.require();
        boolean contact = request.getRequestURI().startsWith("/contacts/");
        model.addAttribute("contactId", contact ? id : null);
        if (me.role() == io.rapport.platform.security.Role.MARKETING) {
            model.addAttribute("hidden", true);
            return "service/ticket-fragments :: card";
        }
        MultiValueMap<String, String> all = new LinkedMultiValueMap<>();
        all.add(contact ? "requester" : "account", String.valueOf(id));
        model.addAttribute("recent", tickets.list(me, TicketQuery.of(me, all, null, 5)).items());
        all.add("status", "NEW,OPEN,PENDING,ON_HOLD");
        model.addAttribute("openCount", tickets.count(me, TicketQuery.of(me, all, null, 1)));
        model.addAttribute("filter", (contact ? "requester=" : "account=") + id);
        return "service/ticket-fragments :: card";
    }

    interface Action {
        Object run();
    }

    private String act(long id, RedirectAttributes redirect, Action action, String done) {
        try {
            action.run();
            redirect.addFlashAttribute("flash", done);
        } catch (ApiProblem problem) {
            if (problem.status().value() == 404 || problem.status().value() == 403) throw problem;
            redirect.addFlashAttribute("flashError", problem.getMessage());
        }
        return "redirect:/tickets/" + id;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
