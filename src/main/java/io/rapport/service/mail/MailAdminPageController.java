package io.rapport.service.mail;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.FormErrors;
import java.util.HashMap;
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

/** Admin pages (the /admin/** path is ADMIN-only): mailboxes with their recent intake, and unprocessed mail. */
@Controller
class MailAdminPageController {

    record LogRow(String createdAt, String sender, String subject, String outcome, String reason, Long ticketId) {}

    private final Mailboxes mailboxes;
    private final MailboxPoller poller;
    private final MailQuarantine quarantine;
    private final MailIntake intake;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final io.rapport.service.intake.SupportFormSettings supportFormSettings;

    MailAdminPageController(Mailboxes mailboxes, MailboxPoller poller, MailQuarantine quarantine, MailIntake intake,
                            JdbcClient jdbc, JsonMapper json, io.rapport.service.intake.SupportFormSettings supportFormSettings) {
        this.supportFormSettings = supportFormSettings;
        this.mailboxes = mailboxes;
        this.poller = poller;
        this.quarantine = quarantine;
        this.intake = intake;
        this.jdbc = jdbc;
        this.json = json;
    }

    @GetMapping("/admin/mailboxes")
    String list(Model model) {
        Map<String, String> defaults = new HashMap<>(Map.of("port", "993", "tls", "true", "folder", "INBOX", "active", "true"));
        return render(model, null, defaults, Map.of());
    }

    @PostMapping("/admin/mailboxes")
    String create(@RequestParam Map<String, String> form, Model model) {
        try {
            Mailbox created = mailboxes.create(CurrentUser.require(), body(form));
            return "redirect:/admin/mailboxes?saved=" + created.id();
        } catch (ApiProblem problem) {
            return render(model, null, form, FormErrors.of(problem));
        }
    }

    @GetMapping("/admin/mailboxes/{id}")
    String edit(@PathVariable long id, Model model) {
        Mailbox box = mailboxes.get(CurrentUser.require(), id);
        Map<String, String> values = new HashMap<>();
        values.put("name", box.name());
        values.put("host", box.host());
        values.put("port", String.valueOf(box.port()));
        values.put("tls", String.valueOf(box.tls()));
        values.put("username", box.username());
        values.put("folder", box.folder());
        values.put("address", box.address());
        values.put("defaultTeamId", box.defaultTeamId() == null ? "" : String.valueOf(box.defaultTeamId()));
        values.put("defaultOwnerId", box.defaultOwnerId() == null ? "" : String.valueOf(box.defaultOwnerId()));
        values.put("active", String.valueOf(box.active()));
        return render(model, box, values, Map.of());
    }

    @PostMapping("/admin/mailboxes/{id}")
    String update(@PathVariable long id, @RequestParam Map<String, String> form, Model model) {
        try {
            mailboxes.update(CurrentUser.require(), id, body(form));
            return "redirect:/admin/mailboxes?saved=" + id;
        } catch (ApiProblem problem) {
            return render(model, mailboxes.get(CurrentUser.require(), id), form, FormErrors.of(problem));
        }
    }

    @PostMapping("/admin/mailboxes/{id}/poll")
    String poll(@PathVariable long id) {
        int fetched = poller.poll(mailboxes.get(CurrentUser.require(), id).id());
        return "redirect:/admin/mailboxes?polled=" + fetched;
    }

    @PostMapping("/admin/mailboxes/{id}/delete")
    String delete(@PathVariable long id) {
        mailboxes.delete(CurrentUser.require(), id);
        return "redirect:/admin/mailboxes?deleted";
    }

    /** Owner and team of contacts the public support form creates. */
    @PostMapping("/admin/support-form")
    String supportForm(@RequestParam Map<String, String> form, org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        ObjectNode body = json.createObjectNode();
        for (String f : List.of("contactOwnerId", "contactTeamId")) {
            String v = form.get(f);
            if (v == null || v.isBlank()) body.putNull(f);
            else if (v.matches("\\d{1,18}")) body.put(f, Long.parseLong(v));
            else body.put(f, v);
        }
        if (form.get("version") != null && form.get("version").matches("\\d{1,9}")) body.put("version", Integer.parseInt(form.get("version")));
        try {
            supportFormSettings.update(CurrentUser.require(), body);
            return "redirect:/admin/mailboxes?formSaved";
        } catch (ApiProblem problem) {
            redirect.addFlashAttribute("formError", problem.getMessage());
            return "redirect:/admin/mailboxes";
        }
    }

    @GetMapping("/admin/mail-quarantine")
    String quarantined(Model model) {
        model.addAttribute("entries", quarantine.open(CurrentUser.require()));
        return "service/mail-quarantine";
    }

    @GetMapping("/admin/mail-quarantine/{id}/raw")
    org.springframework.http.ResponseEntity<byte[]> raw(@PathVariable long id) {
        return org.springframework.http.ResponseEntity.ok().contentType(org.springframework.http.MediaType.parseMediaType("message/rfc822"))
                .header(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"mail-" + id + ".eml\"")
                .body(quarantine.raw(CurrentUser.require(), id));
    }

    @PostMapping("/admin/mail-quarantine/{id}/retry")
    String retry(@PathVariable long id) {
        MailIntake.Result result = quarantine.retry(CurrentUser.require(), id, intake);
        return "redirect:/admin/mail-quarantine?retried=" + result.outcome();
    }

    @PostMapping("/admin/mail-quarantine/{id}/discard")
    String discard(@PathVariable long id) {
        quarantine.discard(CurrentUser.require(), id);
        return "redirect:/admin/mail-quarantine?discarded";
    }

    private String render(Model model, Mailbox editing, Map<String, String> form, Map<String, String> errors) {
        model.addAttribute("mailboxes", mailboxes.list(CurrentUser.require()));
        model.addAttribute("editing", editing);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("teams", jdbc.sql("select id, name from teams order by name").query((rs, n) -> Map.of("id", rs.getLong(1), "name", rs.getString(2))).list());
        model.addAttribute("owners", jdbc.sql("select id, name from users where active order by name").query((rs, n) -> Map.of("id", rs.getLong(1), "name", rs.getString(2))).list());
        model.addAttribute("supportForm", supportFormSettings.get(CurrentUser.require()));
        List<LogRow> recent = jdbc.sql("""
                        select to_char(created_at, 'YYYY-MM-DD HH24:MI') as at, sender, subject, outcome, reason, ticket_id
                          from mail_intake_log order by id desc limit 50""")
                .query((rs, n) -> new LogRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        (Long) rs.getObject(6))).list();
        model.addAttribute("recent", recent);
        return "service/mailboxes";
    }

    private ObjectNode body(Map<String, String> form) {
        ObjectNode body = json.createObjectNode();
        for (String field : List.of("name", "host", "username", "password", "folder", "address")) {
            String v = form.get(field);
            if (v != null && !v.isBlank()) body.put(field, v);
        }
        String port = form.get("port");
        if (port != null && !port.isBlank()) {
            try {
                body.put("port", Integer.parseInt(port.trim()));
            } catch (NumberFormatException e) {
                body.put("port", port);
            }
        }
        String team = form.get("defaultTeamId");
        if (team != null && !team.isBlank()) body.put("defaultTeamId", Long.parseLong(team));
        String owner = form.get("defaultOwnerId");
        if (owner != null && !owner.isBlank()) body.put("defaultOwnerId", Long.parseLong(owner));
        body.put("tls", "true".equals(form.get("tls")) || "on".equals(form.get("tls")));
        body.put("active", "true".equals(form.get("active")) || "on".equals(form.get("active")));
        return body;
    }
}
