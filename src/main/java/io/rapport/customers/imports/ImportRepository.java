package io.rapport.customers.imports;

import io.rapport.platform.security.CurrentUser;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The imports table: jobs, their progress and rejected rows. */
@Repository
class ImportRepository {

    private static final String SELECT = """
            select i.*, u.name as owner_name from imports i join users u on u.id = i.owner_id""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ImportRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    long insert(long ownerId, String entity, String fileName) {
        return jdbc.sql("""
                insert into imports (owner_id, entity, file_name, file_bytes, separator, headers, status)
                values (:owner, :entity, :file, 0, ',', '{}', 'UPLOADED') returning id""")
                .param("owner", ownerId).param("entity", entity).param("file", fileName).query(Long.class).single();
    }

    void describeFile(long id, long bytes, long rowsEstimate, char separator, List<String> headers, List<List<String>> preview) {
        jdbc.sql("""
                update imports set file_bytes = :bytes, rows_estimate = :rows, separator = :sep, headers = :headers,
                    preview = cast(:preview as jsonb) where id = :id""")
                .param("bytes", bytes).param("rows", rowsEstimate).param("sep", String.valueOf(separator))
                .param("headers", headers.toArray(String[]::new)).param("preview", json.writeValueAsString(preview))
                .param("id", id).update();
    }

    void queue(long id, List<String> fields, DuplicatePolicy policy) {
        queue(id, fields, policy, java.util.Map.of());
    }

    void queue(long id, List<String> fields, DuplicatePolicy policy, java.util.Map<String, String> options) {
        jdbc.sql("update imports set fields = :fields, duplicates = :policy, options = cast(:options as jsonb), status = 'QUEUED' where id = :id")
                .param("fields", fields.toArray(String[]::new)).param("policy", policy.name())
                .param("options", json.writeValueAsString(options)).param("id", id).update();
    }

    /** Marks a queued, stopped or revived job as running; false when it is already completed. */
    boolean markRunning(long id) {
        return jdbc.sql("""
                update imports set status = 'RUNNING', failure = null, started_at = coalesce(started_at, now()),
                    heartbeat_at = now() where id = :id and status in ('QUEUED', 'RUNNING', 'FAILED')""")
                .param("id", id).update() == 1;
    }

    /** The progress after a batch; false if another run moved it on meanwhile (then the batch must roll back). */
    boolean advance(long id, long fromRows, long toRows, ImportTarget.Counts counts, long rejected) {
        return jdbc.sql("""
                update imports set rows_read = :to, created = created + :created, updated = updated + :updated,
                    skipped = skipped + :skipped, rejected = rejected + :rejected, heartbeat_at = now()
                where id = :id and rows_read = :from and status = 'RUNNING'""")
                .param("to", toRows).param("created", counts.created()).param("updated", counts.updated())
                .param("skipped", counts.skipped()).param("rejected", rejected).param("id", id).param("from", fromRows)
                .update() == 1;
    }

    void finish(long id) {
        jdbc.sql("update imports set status = 'COMPLETED', finished_at = now() where id = :id").param("id", id).update();
    }

    void fail(long id, String reason) {
        jdbc.sql("update imports set status = 'FAILED', failure = :reason, finished_at = now() where id = :id")
                .param("reason", reason.length() > 2000 ? reason.substring(0, 2000) : reason).param("id", id).update();
    }

    Optional<Import> find(long id) {
        return jdbc.sql(SELECT + " where i.id = :id").param("id", id).query(this::map).optional();
    }

    /** Newest first, keyset by id; a user sees their own imports, an administrator everyone's. */
    List<Import> page(CurrentUser user, Long beforeId, int limit) {
        return jdbc.sql(SELECT + " where (:all or i.owner_id = :owner) and (cast(:before as bigint) is null or i.id < :before)"
                        + " order by i.id desc limit :limit")
                .param("all", user.isAdmin()).param("owner", user.id()).param("before", beforeId).param("limit", limit)
                .query(this::map).list();
    }

    private Import map(ResultSet rs, int n) throws SQLException {
        String duplicates = rs.getString("duplicates");
        return new Import(rs.getLong("id"), rs.getLong("owner_id"), rs.getString("owner_name"), rs.getString("entity"),
                rs.getString("file_name"), rs.getLong("file_bytes"), rs.getLong("rows_estimate"), rs.getString("separator").charAt(0),
                strings(rs.getArray("headers")), json.readValue(rs.getString("preview"), new TypeReference<List<List<String>>>() {}),
                strings(rs.getArray("fields")), duplicates == null ? null : DuplicatePolicy.valueOf(duplicates),
                Import.Status.valueOf(rs.getString("status")), rs.getLong("rows_read"), rs.getLong("created"),
                rs.getLong("updated"), rs.getLong("skipped"), rs.getLong("rejected"), rs.getString("failure"),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")),
                json.readValue(rs.getString("options"), new TypeReference<java.util.Map<String, String>>() {}));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? null : Arrays.asList((String[]) array.getArray());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
