package io.rapport.service.macros;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ExpectedVersion;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Macros: shared ones (kept by admins and managers) and each agent's personal ones; rendering for a ticket and
 * applying their field changes. A personal macro of someone else is not found, as for any record you may not see.
 */
@Service
public class Macros {

    static final Set<String> FIELDS = Set.of("name", "body", "shared", "changes", "version");

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Placeholders placeholders;
    private final FieldChangesReader changesReader;
    private final TicketChanges ticketChanges;

    Macros(JdbcClient jdbc, JsonMapper json, Placeholders placeholders, FieldChangesReader changesReader,
           TicketChanges ticketChanges) {
        this.jdbc = jdbc;
        this.json = json;
        this.placeholders = placeholders;
        this.changesReader = changesReader;
        this.ticketChanges = ticketChanges;
    }

    /** Shared macros and the user's own, by name. */
    public List<Macro> visible(CurrentUser user) {
        DeskRoles.requireReader(user);
        return jdbc.sql("select * from macros where owner_id is null or owner_id = :me order by lower(name), id")
                .param("me", user.id()).query(this::map).list();
    }

    public Macro get(CurrentUser user, long id) {
        DeskRoles.requireReader(user);
        return jdbc.sql("select * from macros where id = :id and (owner_id is null or owner_id = :me)")
                .param("id", id).param("me", user.id()).query(this::map).optional()
                .orElseThrow(() -> Problems.notFound("Macro", id));
    }

    @Transactional
    public Macro create(CurrentUser user, JsonNode body) {
        DeskRoles.requireWriter(user);
        JsonFields in = new JsonFields(body, FIELDS);
        Draft d = read(in, null);
        if (d.shared && !DeskRoles.managesShared(user)) throw Problems.forbidden("Only admins and managers create shared macros");
        in.throwIfInvalid();
        long id = jdbc.sql("insert into macros (name, body, owner_id, changes) values (:name, :body, :owner, :changes::jsonb) returning id")
                .param("name", d.name).param("body", d.body).param("owner", d.shared ? null : user.id())
                .param("changes", json.writeValueAsString(d.changes)).query(Long.class).single();
        return get(user, id);
    }

    @Transactional
    public Macro update(CurrentUser user, long id, JsonNode body, Integer ifMatch) {
        DeskRoles.requireWriter(user);
        Macro current = writable(user, id);
        JsonFields in = new JsonFields(body, FIELDS);
        Draft d = read(in, current);
        if (d.shared != current.shared() && !DeskRoles.managesShared(user)) {
            throw Problems.forbidden("Only admins and managers share macros");
        }
        ExpectedVersion expected = ExpectedVersion.of(ifMatch, in.integer("version"));
        in.throwIfInvalid();
        expected.requireMatches("Macro", id, current.version());
        int n = jdbc.sql("""
                        update macros set name = :name, body = :body, owner_id = :owner, changes = :changes::jsonb,
                                          updated_at = now(), version = version + 1
                         where id = :id and version = :version""")
                .param("name", d.name).param("body", d.body)
                .param("owner", d.shared ? null : current.ownerId() != null ? current.ownerId() : user.id())
                .param("changes", json.writeValueAsString(d.changes)).param("id", id).param("version", current.version())
                .update();
        if (n == 0) throw expected.lostRace("Macro", id, current.version());
        return get(user, id);
    }

    @Transactional
    public void delete(CurrentUser user, long id) {
        DeskRoles.requireWriter(user);
        writable(user, id);
        jdbc.sql("delete from macros where id = :id").param("id", id).update();
    }

    /** The macro rendered for the ticket, with its field changes (nothing is written). */
    public MacroPreview preview(CurrentUser user, long ticketId, long macroId) {
        Macro macro = get(user, macroId);
        Map<String, String> values = placeholders.values(ticketId, user.id());
        if (values.isEmpty()) throw Problems.notFound("Ticket", ticketId);
        return new MacroPreview(macroId, ticketId, Placeholders.render(macro.body(), values, true),
                Placeholders.render(macro.body(), values, false), macro.changes());
    }

    /**
     * Applies the macro's field changes to the ticket as {@code user} (version bump, status history, ticket events);
     * the reply text itself is sent by the ticket's reply box. Returns what changed.
     */
    @Transactional
    public TicketChanges.Outcome apply(long ticketId, long macroId, CurrentUser user) {
        DeskRoles.requireWriter(user);
        Macro macro = get(user, macroId);
        if (!jdbc.sql("select exists(select 1 from tickets where id = :id)").param("id", ticketId).query(Boolean.class).single()) {
            throw Problems.notFound("Ticket", ticketId);
        }
        return ticketChanges.apply(ticketId, macro.changes(), user.id());
    }

    /** Shared macros only by admins and managers; personal ones only by their owner. */
    private Macro writable(CurrentUser user, long id) {
        Macro m = get(user, id);
        if (m.shared() && !DeskRoles.managesShared(user)) throw Problems.forbidden("Only admins and managers change shared macros");
        return m;
    }

    private static final class Draft {
        String name;
        String body;
        boolean shared;
        FieldChanges changes;
    }

    private Draft read(JsonFields in, Macro current) {
        Draft d = new Draft();
        d.name = in.has("name") || current == null ? in.text("name", 120) : current.name();
        if (d.name == null || d.name.isBlank()) in.error("name", "required");
        d.body = in.has("body") || current == null ? in.text("body", 20000) : current.body();
        if (d.body == null) d.body = "";
        for (String unknown : Placeholders.unknown(d.body)) {
            in.error("body", "unknown placeholder {{" + unknown + "}}; known: " + String.join(", ", Placeholders.KNOWN));
        }
        Boolean shared = in.bool("shared");
        d.shared = shared != null ? shared : current != null && current.shared();
        d.changes = in.has("changes") || current == null ? changesReader.read(in, "changes") : current.changes();
        if (d.body.isBlank() && d.changes.changesNothing()) in.error("body", "required (or at least one field change)");
        return d;
    }

    private Macro map(ResultSet rs, int n) throws SQLException {
        Long owner = rs.getObject("owner_id", Long.class);
        return new Macro(rs.getLong("id"), rs.getString("name"), rs.getString("body"), owner, owner == null,
                json.readValue(rs.getString("changes"), FieldChanges.class), rs.getTimestamp("updated_at").toInstant(),
                rs.getInt("version"));
    }
}
