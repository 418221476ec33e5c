package io.rapport.service.macros;

import io.rapport.service.TicketEvents.StatusChanged;
import io.rapport.service.TicketEvents.TicketUpdated;
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

    private record Current(String status, String priority, String type, Long teamId, Long assigneeId, String[] tags) {}

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    TicketChanges(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    @Transactional
    public Outcome apply(long ticketId, FieldChanges c, Long userId) {
        Current cur = jdbc.sql("select status, priority, type, team_id, assignee_id, tags from tickets where id = :id for update")
                .param("id", ticketId)
                .query((rs, n) -> new Current(rs.getString("status"), rs.getString("priority"), rs.getString("type"),
                        (Long) rs.getObject("team_id", Long.class), (Long) rs.getObject("assignee_id", Long.class),
                        (String[]) rs.getArray("tags").getArray()))
                .optional().orElse(null);
        if (cur == null || c.changesNothing()) return new Outcome(false, false);
        boolean status = c.status() != null && !c.status().equals(cur.status());
        boolean other = (c.priority() != null && !c.priority().equals(cur.priority()))
                || (c.type() != null && !c.type().equals(cur.type()))
                || (c.teamId() != null && !Objects.equals(c.teamId(), cur.teamId()))
                || (c.assigneeId() != null && !Objects.equals(c.assigneeId(), cur.assigneeId()))
                || c.addTags().stream().anyMatch(t -> !java.util.Arrays.asList(cur.tags()).contains(t));
        if (!status && !other) return new Outcome(false, false);
        jdbc.sql("""
                        update tickets
                           set status = coalesce(:status, status), priority = coalesce(:priority, priority),
                               type = coalesce(:type, type), team_id = coalesce(:team, team_id),
                               assignee_id = coalesce(:assignee, assignee_id),
                               tags = array(select distinct x from unnest(tags || :tags::text[]) x order by x),
                               solved_at = case when :status = 'SOLVED' then now() else solved_at end,
                               closed_at = case when :status = 'CLOSED' then now() else closed_at end,
                               updated_at = now(), version = version + 1
                         where id = :id""")
                .param("status", c.status()).param("priority", c.priority()).param("type", c.type())
                .param("team", c.teamId()).param("assignee", c.assigneeId())
                .param("tags", c.addTags().toArray(String[]::new)).param("id", ticketId).update();
        if (status) {
            jdbc.sql("insert into ticket_status_history (ticket_id, from_status, to_status, changed_by) values (:id, :from, :to, :by)")
                    .param("id", ticketId).param("from", cur.status()).param("to", c.status()).param("by", userId).update();
            events.publishEvent(new StatusChanged(ticketId, cur.status(), c.status(), userId));
        }
        if (other) events.publishEvent(new TicketUpdated(ticketId, userId));
        return new Outcome(status, other);
    }
}
