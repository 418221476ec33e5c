package io.rapport.service.macros;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/** How to answer each ticket type (plain text, shown beside the reply editor); admins write them. */
@Service
public class ResponseGuidelines {

    public record Guideline(String type, String body, Instant updatedAt) {}

    private final JdbcClient jdbc;

    ResponseGuidelines(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Guideline> all(CurrentUser user) {
        DeskRoles.requireReader(user);
        return jdbc.sql("select type, body, updated_at from response_guidelines order by type")
                .query((rs, n) -> new Guideline(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant())).list();
    }

    public Optional<Guideline> forType(String type) {
        return jdbc.sql("select type, body, updated_at from response_guidelines where type = :type").param("type", type)
                .query((rs, n) -> new Guideline(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant())).optional();
    }

    /** The guideline for the ticket's type (empty when none is written); 404 for an unknown ticket. */
    public Optional<Guideline> forTicket(CurrentUser user, long ticketId) {
        DeskRoles.requireReader(user);
        String type = jdbc.sql("select type from tickets where id = :id").param("id", ticketId).query(String.class)
                .optional().orElseThrow(() -> Problems.notFound("Ticket", ticketId));
        return forType(type);
    }

    /** Writes (or, with a blank body, removes) the guideline of a type. */
    public Optional<Guideline> put(CurrentUser user, String type, JsonNode body) {
        RecordVisibility.requireAdmin(user);
        if (!FieldChanges.TYPES.contains(type)) throw Problems.invalid("type", "one of " + FieldChanges.TYPES);
        JsonFields in = new JsonFields(body, Set.of("body"));
        String text = in.text("body", 20000);
        in.throwIfInvalid();
        if (text == null || text.isBlank()) {
            jdbc.sql("delete from response_guidelines where type = :type").param("type", type).update();
            return Optional.empty();
        }
        jdbc.sql("""
                insert into response_guidelines (type, body, updated_by) values (:type, :body, :by)
                on conflict (type) do update set body = excluded.body, updated_by = excluded.updated_by, updated_at = now()""")
                .param("type", type).param("body", text).param("by", user.id()).update();
        return forType(type);
    }
}
