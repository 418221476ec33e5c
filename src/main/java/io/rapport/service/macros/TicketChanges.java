package io.rapport.service.macros;

import io.rapport.service.TicketEvents.StatusChanged;
import io.rapport.service.TicketEvents.TicketUpdated;
import java.util.List;
import java.util.Objects;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes macro and automation field changes to a ticket the way the ticket service does: one update with a version
 * bump, a status-history row when the status moves, and the matching {@code TicketEvents}. Callers validated the
 * values (see {@link FieldChangesReader}).
 */
@Component
public class TicketChanges {

    /** What actually changed (a change to the value a field already has is no change). */
    public record Outcome(boolean statusChanged, boolean otherChanged) {
        public boolean any() {
            return statusChanged || otherChanged;
        }
    }

    private record Current(String status, String priority, String type, Long teamId, Long assigneeId, String[] tags,
                           String custom) {}

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final tools.jackson.databind.json.JsonMapper json;

    TicketChanges(JdbcClient jdbc, ApplicationEventPublisher events, tools.jackson.databind.json.JsonMapper json) {
        this.jdbc = jdbc;
        this.events = events;
        this.json = json;
    }

    @Transactional
    public Outcome apply(long ticketId, FieldChanges c, Long userId) {
        Current cur = jdbc.sql("select status, priority, type, team_id, assignee_id, tags, custom from tickets where id = :id for update")
                .param("id", ticketId)
                .query((rs, n) -> new Current(rs.getString("status"), rs.getString("priority"), rs.getString("type"),
                        (Long) rs.getObject("team_id", Long.class), (Long) rs.getObject("assignee_id", Long.class),
                        (String[]) rs.getArray("tags").getArray(), rs.getString("custom")))
                .optional().orElse(null);
        if (cur == null || c.changesNothing()) return new Outcome(false, false);
        boolean status = c.status() != null && !c.status().equals(cur.status());
        boolean other = (c.priority() != null && !c.priority().equals(cur.priority()))
                || (c.type() != null && !c.type().equals(cur.type()))
                || (c.teamId() != null && !Objects.equals(c.teamId(), cur.teamId()))
                || (c.assigneeId() != null && !Objects.equals(c.assigneeId(), cur.assigneeId()))
                || c.addTags().stream().anyMatch(t -> !java.util.Arrays.asList(cur.tags()).contains(t));
        var stored = json.readTree(cur.custom() == null ? "{}" : cur.custom());
        var set = json.createObjectNode();
        List<String> remove = new java.util.ArrayList<>();
        c.custom().forEach((k, v) -> {
            if (v == null) remove.add(k);
            else set.set(k, json.valueToTree(v));
        });
        boolean customChanged = remove.stream().anyMatch(stored::has)
                || set.properties().stream().anyMatch(e -> !e.getValue().equals(stored.get(e.getKey())));
        other = other || customChanged;
        if (!status && !other) return new Outcome(false, false);
        jdbc.sql("""
                        update tickets
                           set status = coalesce(:status, status), priority = coalesce(:priority, priority),
                               type = coalesce(:type, type), team_id = coalesce(:team, team_id),
                               assignee_id = coalesce(:assignee, assignee_id),
                               tags = array(select distinct x from unnest(tags || :tags::text[]) x order by x),
                               custom = (custom || cast(:customSet as jsonb)) - cast(:customRemove as text[]),
                               solved_at = case when :status = 'SOLVED' then now() else solved_at end,
                               closed_at = case when :status = 'CLOSED' then now() else closed_at end,
                               updated_at = now(), version = version + 1
                         where id = :id""")
                .param("status", c.status()).param("priority", c.priority()).param("type", c.type())
                .param("team", c.teamId()).param("assignee", c.assigneeId())
                .param("tags", c.addTags().toArray(String[]::new)).param("customSet", set.toString())
                .param("customRemove", remove.toArray(String[]::new)).param("id", ticketId).update();
        if (status) {
            jdbc.sql("insert into ticket_status_history (ticket_id, from_status, to_status, changed_by) values (:id, :from, :to, :by)")
                    .param("id", ticketId).param("from", cur.status()).param("to", c.status()).param("by", userId).update();
            events.publishEvent(new StatusChanged(ticketId, cur.status(), c.status(), userId));
        }
        if (other) events.publishEvent(new TicketUpdated(ticketId, userId));
        return new Outcome(status, other);
    }
}
