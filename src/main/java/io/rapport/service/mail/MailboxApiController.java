package io.rapport.service.mail;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Administrators: IMAP mailboxes the desk polls, and mail that could not be processed. */
@Tag(name = "E-mail channel")
@RestController
class MailboxApiController {

    private final Mailboxes mailboxes;
    private final MailboxPoller poller;
    private final MailQuarantine quarantine;
    private final MailIntake intake;

    MailboxApiController(Mailboxes mailboxes, MailboxPoller poller, MailQuarantine quarantine, MailIntake intake) {
        this.mailboxes = mailboxes;
        this.poller = poller;
        this.quarantine = quarantine;
        this.intake = intake;
    }

    @GetMapping("/api/v1/mailboxes")
    List<Mailbox> list() {
        return mailboxes.list(CurrentUser.require());
    }

    @Operation(summary = "Add an IMAP mailbox (administrators)", description = "{name, host, port, tls, username, password, folder, "
            + "address (the support address, From of replies), defaultTeamId, active}. The password is stored encrypted and never returned.")
    @PostMapping("/api/v1/mailboxes")
    ResponseEntity<Mailbox> create(@RequestBody JsonNode body) {
        Mailbox created = mailboxes.create(CurrentUser.require(), body);
        return ResponseEntity.created(URI.create("/api/v1/mailboxes/" + created.id())).body(created);
    }

    @GetMapping("/api/v1/mailboxes/{id}")
    Mailbox get(@PathVariable long id) {
        return mailboxes.get(CurrentUser.require(), id);
    }

    @Operation(summary = "Replace a mailbox's settings", description = "Same body as create; leave password out to keep the stored one.")
    @PutMapping("/api/v1/mailboxes/{id}")
    Mailbox update(@PathVariable long id, @RequestBody JsonNode body) {
        return mailboxes.update(CurrentUser.require(), id, body);
    }

    @DeleteMapping("/api/v1/mailboxes/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        mailboxes.delete(CurrentUser.require(), id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Poll a mailbox now", description = "Returns how many mails were taken in (0 when another node is polling it).")
    @PostMapping("/api/v1/mailboxes/{id}/poll")
    Map<String, Object> poll(@PathVariable long id) {
        Mailbox box = mailboxes.get(CurrentUser.require(), id);
        int fetched = poller.poll(box.id());
        Mailbox after = mailboxes.get(CurrentUser.require(), id);
        return after.lastError() == null ? Map.of("fetched", fetched) : Map.of("fetched", fetched, "error", after.lastError());
    }

    @GetMapping("/api/v1/mail-quarantine")
    List<MailQuarantine.Entry> quarantined() {
        return quarantine.open(CurrentUser.require());
    }

    @GetMapping("/api/v1/mail-quarantine/{id}/raw")
    ResponseEntity<byte[]> raw(@PathVariable long id) {
        byte[] raw = quarantine.raw(CurrentUser.require(), id);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("message/rfc822"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"mail-" + id + ".eml\"").body(raw);
    }

    @Operation(summary = "Run a quarantined mail through the intake again")
    @PostMapping("/api/v1/mail-quarantine/{id}/retry")
    MailIntake.Result retry(@PathVariable long id) {
        return quarantine.retry(CurrentUser.require(), id, intake);
    }

    @DeleteMapping("/api/v1/mail-quarantine/{id}")
    ResponseEntity<Void> discard(@PathVariable long id) {
        RecordVisibility.requireAdmin(CurrentUser.require());
        quarantine.discard(CurrentUser.require(), id);
        return ResponseEntity.noContent().build();
    }
}
