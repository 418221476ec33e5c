package io.rapport.service.mail;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** Administrators' IMAP mailboxes: validated writes; the password is encrypted on the way in and never read back out. */
@Service
public class Mailboxes {

    static final Set<String> FIELDS = Set.of("name", "host", "port", "tls", "username", "password", "folder", "address",
            "defaultTeamId", "defaultOwnerId", "active");
    private static final Pattern ADDRESS = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    static final String COLUMNS = "id, name, host, port, tls, username, folder, address, default_team_id, default_owner_id, active, last_uid, last_polled_at, last_error";
    static final RowMapper<Mailbox> ROW = (rs, n) -> new Mailbox(rs.getLong("id"), rs.getString("name"), rs.getString("host"),
            rs.getInt("port"), rs.getBoolean("tls"), rs.getString("username"), rs.getString("folder"), rs.getString("address"),
            (Long) rs.getObject("default_team_id"), (Long) rs.getObject("default_owner_id"), rs.getBoolean("active"), rs.getLong("last_uid"),
            rs.getTimestamp("last_polled_at") == null ? null : rs.getTimestamp("last_polled_at").toInstant(), rs.getString("last_error"));

    private final JdbcClient jdbc;
    private final PasswordCipher cipher;
    private final io.rapport.platform.audit.AuditLog audit;

    Mailboxes(JdbcClient jdbc, PasswordCipher cipher, io.rapport.platform.audit.AuditLog audit) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.audit = audit;
    }

    /** What the audit log keeps of a mailbox: its settings, never its password (not even encrypted). */
    static java.util.Map<String, Object> snapshot(Mailbox m) {
        java.util.Map<String, Object> s = new java.util.LinkedHashMap<>();
        s.put("name", m.name());
        s.put("host", m.host());
        s.put("port", m.port());
        s.put("tls", m.tls());
        s.put("username", m.username());
        s.put("folder", m.folder());
        s.put("address", m.address());
        s.put("defaultTeamId", m.defaultTeamId());
        s.put("defaultOwnerId", m.defaultOwnerId());
        s.put("active", m.active());
        return s;
    }

    public List<Mailbox> list(CurrentUser user) {
        RecordVisibility.requireAdmin(user);
        return jdbc.sql("select " + COLUMNS + " from mailboxes order by name, id").query(ROW).list();
    }

    public Mailbox get(CurrentUser user, long id) {
        RecordVisibility.requireAdmin(user);
        return find(id).orElseThrow(() -> Problems.notFound("Mailbox", id));
    }

    Optional<Mailbox> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from mailboxes where id = :id").param("id", id).query(ROW).optional();
    }

    @Transactional
    public Mailbox create(CurrentUser user, JsonNode body) {
        RecordVisibility.requireAdmin(user);
        Draft d = validate(body, null);
        try {
            long id = jdbc.sql("""
                            insert into mailboxes (name, host, port, tls, username, password_enc, folder, address, default_team_id,
                                                   default_owner_id, active)
                            values (:name, :host, :port, :tls, :username, :password, :folder, :address, :team, :owner, :active)
                            returning id""")
                    .param("name", d.name).param("host", d.host).param("port", d.port).param("tls", d.tls)
                    .param("username", d.username).param("password", cipher.encrypt(d.password)).param("folder", d.folder)
                    .param("address", d.address).param("team", d.teamId).param("owner", d.ownerId).param("active", d.active)
                    .query(Long.class).single();
            Mailbox created = find(id).orElseThrow();
            audit.record("CREATE", "MAILBOX", id, "Added mailbox " + created.name() + " <" + created.address() + ">",
                    io.rapport.platform.audit.FieldChange.of(snapshot(created), true));
            return created;
        } catch (DuplicateKeyException e) {
            throw Problems.invalid("address", "another mailbox already uses this address");
        }
    }

    /** Replaces the settings; a missing or blank password keeps the stored one. */
    @Transactional
    public Mailbox update(CurrentUser user, long id, JsonNode body) {
        Mailbox current = get(user, id);
        Draft d = validate(body, current);
        try {
            jdbc.sql("""
                            update mailboxes set name = :name, host = :host, port = :port, tls = :tls, username = :username,
                                   password_enc = coalesce(:password, password_enc), folder = :folder, address = :address,
                                   default_team_id = :team, default_owner_id = :owner, active = :active, updated_at = now(),
                                   -- another server or folder: its UIDs mean nothing here
                                   last_uid = case when host = :host and folder = :folder and username = :username then last_uid else 0 end
                             where id = :id""")
                    .param("name", d.name).param("host", d.host).param("port", d.port).param("tls", d.tls)
                    .param("username", d.username).param("password", d.password == null ? null : cipher.encrypt(d.password))
                    .param("folder", d.folder).param("address", d.address).param("team", d.teamId).param("owner", d.ownerId)
                    .param("active", d.active).param("id", id).update();
        } catch (DuplicateKeyException e) {
            throw Problems.invalid("address", "another mailbox already uses this address");
        }
        Mailbox updated = find(id).orElseThrow();
        var changes = new java.util.LinkedHashMap<>(io.rapport.platform.audit.FieldChange.between(snapshot(current), snapshot(updated)));
        // that the password changed is worth knowing; what it is, or was, is not recorded anywhere
        if (d.password != null) changes.put("password", new io.rapport.platform.audit.FieldChange(null, "(changed)"));
        audit.record("UPDATE", "MAILBOX", id, "Changed mailbox " + updated.name() + (d.password != null ? " (new password)" : ""), changes);
        return updated;
    }

    @Transactional
    public void delete(CurrentUser user, long id) {
        Mailbox gone = get(user, id);
        jdbc.sql("delete from mailboxes where id = :id").param("id", id).update();
        audit.record("DELETE", "MAILBOX", id, "Removed mailbox " + gone.name() + " <" + gone.address() + ">",
                io.rapport.platform.audit.FieldChange.of(snapshot(gone), false));
    }

    /** Every support address we send from: mail coming from one of them is our own, looping back. */
    List<String> addresses() {
        return jdbc.sql("select lower(address) from mailboxes").query(String.class).list();
    }

    private Draft validate(JsonNode body, Mailbox current) {
        JsonFields in = new JsonFields(body, FIELDS);
        Draft d = new Draft();
        d.name = in.text("name", 100);
        d.host = in.text("host", 255);
        Integer port = in.integer("port");
        d.username = in.text("username", 255);
        d.password = in.text("password", 500);
        d.folder = in.has("folder") ? in.text("folder", 255) : "INBOX";
        d.address = in.text("address", 254);
        d.teamId = in.id("defaultTeamId");
        d.ownerId = in.id("defaultOwnerId");
        Boolean tls = in.bool("tls");
        Boolean active = in.bool("active");
        if (d.name == null) in.error("name", "required");
        if (d.host == null) in.error("host", "required");
        else if (!d.host.matches("[A-Za-z0-9.\\-]+")) in.error("host", "a host name or IP address");
        if (port == null) { if (!in.has("port")) in.error("port", "required"); }
        else if (port < 1 || port > 65535) in.error("port", "between 1 and 65535");
        if (d.username == null) in.error("username", "required");
        if (d.password == null && current == null) in.error("password", "required");
        if (d.folder == null) in.error("folder", "required");
        if (d.address == null) in.error("address", "required");
        else if (!ADDRESS.matcher(d.address).matches()) in.error("address", "an e-mail address such as support@example.com");
        if (d.teamId != null && jdbc.sql("select count(*) from teams where id = :id").param("id", d.teamId).query(Long.class).single() == 0) {
            in.error("defaultTeamId", "no such team");
        }
        if (d.ownerId != null && !jdbc.sql("select exists(select 1 from users where id = :id and active)").param("id", d.ownerId)
                .query(Boolean.class).single()) {
            in.error("defaultOwnerId", "no active user " + d.ownerId);
        }
        in.throwIfInvalid();
        d.port = port;
        d.tls = tls == null || tls;
        d.active = active == null || active;
        return d;
    }

    private static final class Draft {
        String name, host, username, password, folder, address;
        int port;
        Long teamId, ownerId;
        boolean tls, active;
    }
}
