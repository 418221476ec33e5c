package io.rapport.activities.tasks;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TaskRepository {

    private static final String SELECT = "select t.*, u.name as assignee_name from tasks t left join users u on u.id = t.assignee_id";
    /** Open tasks without a due date come last. */
    static final String DUE = "coalesce(t.due_at, 'infinity'::timestamptz)";

    private final JdbcClient jdbc;

    TaskRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Task> find(CurrentUser user, long id) {
        var spec = jdbc.sql(SELECT + " where t.id = :id and " + visibility(user)).param("id", id);
        return RecordVisibility.bind(spec, user).query(TaskRepository::map).optional();
    }

    /** SALES and AGENT see the tasks assigned to them or their team, and those they created. */
    static String visibility(CurrentUser user) {
        if (!user.role().seesOnlyOwnBook()) return "true";
        return "(t.assignee_id = :visUser or t.created_by = :visUser"
                + (user.teamId() == null ? "" : " or t.team_id = :visTeam") + ")";
    }

    List<Task> page(CurrentUser user, String conditions, Map<String, Object> params, Instant afterDue, Long afterId, int limit) {
        StringBuilder sql = new StringBuilder(SELECT).append(" where ").append(visibility(user)).append(conditions);
        Map<String, Object> all = new HashMap<>(params);
        if (user.role().seesOnlyOwnBook()) {
            all.put("visUser", user.id());
            if (user.teamId() != null) all.put("visTeam", user.teamId());
        }
        if (afterId != null) {
            sql.append(" and (").append(DUE).append(", t.id) > (cast(:afterDue as timestamptz), :afterId)");
            all.put("afterDue", afterDue == null ? "infinity" : afterDue.toString());
            all.put("afterId", afterId);
        }
        sql.append(" order by ").append(DUE).append(", t.id limit :limit");
        all.put("limit", limit);
        return jdbc.sql(sql.toString()).params(all).query(TaskRepository::map).list();
    }

    long insert(TaskDraft d, Long teamId, long createdBy) {
        return jdbc.sql("""
                insert into tasks (title, notes, due_at, priority, status, assignee_id, team_id, contact_id, account_id,
                                   activity_id, remind_at, created_by, completed_at)
                values (:title, :notes, :due, :priority, :status, :assignee, :team, :contact, :account, :activity,
                        :remind, :createdBy, case when :status = 'DONE' then now() end)
                returning id""")
                .param("title", d.title).param("notes", d.notes).param("due", ts(d.dueAt)).param("priority", d.priority)
                .param("status", d.status).param("assignee", d.assigneeId).param("team", teamId)
                .param("contact", d.contactId).param("account", d.accountId).param("activity", d.activityId)
                .param("remind", ts(d.remindAt)).param("createdBy", createdBy).query(Long.class).single();
    }

    boolean update(long id, int version, TaskDraft d, Long teamId) {
        return jdbc.sql("""
                update tasks set title = :title, notes = :notes, due_at = :due, priority = :priority, status = :status,
                       assignee_id = :assignee, team_id = :team, remind_at = :remind,
                       reminded_at = case when remind_at is distinct from :remind then null else reminded_at end,
                       completed_at = case when :status = 'DONE' then coalesce(completed_at, now()) end,
                       updated_at = now(), version = version + 1
                 where id = :id and version = :version""")
                .param("title", d.title).param("notes", d.notes).param("due", ts(d.dueAt)).param("priority", d.priority)
                .param("status", d.status).param("assignee", d.assigneeId).param("team", teamId)
                .param("remind", ts(d.remindAt)).param("id", id).param("version", version).update() == 1;
    }

    void delete(long id) {
        jdbc.sql("delete from tasks where id = :id").param("id", id).update();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static Task map(ResultSet rs, int row) throws SQLException {
        return new Task(rs.getLong("id"), rs.getString("title"), rs.getString("notes"), instant(rs, "due_at"),
                rs.getString("priority"), rs.getString("status"), (Long) rs.getObject("assignee_id"),
                rs.getString("assignee_name"), (Long) rs.getObject("team_id"), (Long) rs.getObject("contact_id"),
                (Long) rs.getObject("account_id"), (Long) rs.getObject("activity_id"), instant(rs, "remind_at"),
                (Long) rs.getObject("created_by"), instant(rs, "created_at"), instant(rs, "updated_at"),
                instant(rs, "completed_at"), rs.getInt("version"));
    }
}
