package io.rapport.platform.audit;

import io.rapport.platform.security.CurrentUser;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who changed what and when. Written in the same transaction as the change it describes, so an
 * entry exists exactly when the change does.
 */
@Service
public class AuditLog {

    public record Entry(long id, Instant at, Long actorId, String actorEmail, String action, String entityType,
                        Long entityId, String summary, Map<String, Map<String, Object>> changes) {}

    public record Filter(String entityType, Long entityId, Long actorId, String action, Instant since, Instant until) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public AuditLog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void record(String action, String entityType, Long entityId, String summary, Map<String, FieldChange> changes) {
        CurrentUser actor = CurrentUser.orNull();
        record(actor == null ? null : actor.id(), actor == null ? null : actor.email(), action, entityType, entityId,
                summary, changes);
    }

    public void record(Long actorId, String actorEmail, String action, String entityType, Long entityId, String summary,
                       Map<String, FieldChange> changes) {
        Map<String, Map<String, Object>> asJson = new LinkedHashMap<>();
        changes.forEach((field, change) -> {
            Map<String, Object> pair = new LinkedHashMap<>();
            pair.put("old", change.old());
            pair.put("new", change.now());
            asJson.put(field, pair);
        });
        jdbc.sql("""
                insert into audit_log (actor_id, actor_email, action, entity_type, entity_id, summary, changes)
                values (:actorId, :actorEmail, :action, :entityType, :entityId, :summary, cast(:changes as jsonb))
                """)
                .param("actorId", actorId).param("actorEmail", actorEmail).param("action", action)
                .param("entityType", entityType).param("entityId", entityId).param("summary", summary)
                .param("changes", json.writeValueAsString(asJson))
                .update();
    }

    /** Newest first, keyset-paginated by id. */
    public List<Entry> find(Filter filter, Long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("select * from audit_log where true");
        Map<String, Object> params = new LinkedHashMap<>();
        if (filter.entityType() != null) { sql.append(" and entity_type = :entityType"); params.put("entityType", filter.entityType()); }
        if (filter.entityId() != null) { sql.append(" and entity_id = :entityId"); params.put("entityId", filter.entityId()); }
        if (filter.actorId() != null) { sql.append(" and actor_id = :actorId"); params.put("actorId", filter.actorId()); }
        if (filter.action() != null) { sql.append(" and action = :action"); params.put("action", filter.action()); }
        if (filter.since() != null) { sql.append(" and at >= :since"); params.put("since", Timestamp.from(filter.since())); }
        if (filter.until() != null) { sql.append(" and at < :until"); params.put("until", Timestamp.from(filter.until())); }
        if (beforeId != null) { sql.append(" and id < :beforeId"); params.put("beforeId", beforeId); }
        sql.append(" order by id desc limit :limit");
        params.put("limit", limit);
        List<Entry> entries = new ArrayList<>();
        jdbc.sql(sql.toString()).params(params).query((rs, n) -> new Entry(rs.getLong("id"),
                rs.getTimestamp("at").toInstant(), (Long) rs.getObject("actor_id"), rs.getString("actor_email"),
                rs.getString("action"), rs.getString("entity_type"), (Long) rs.getObject("entity_id"),
                rs.getString("summary"), json.readValue(rs.getString("changes"), new TypeReference<>() {})))
                .list().forEach(entries::add);
        return entries;
    }
}
