package io.rapport.customers.contacts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Merge snapshots. Rows are kept as {@code to_jsonb(contacts)} and restored through {@code jsonb_populate_record}
 * over the table's stored (non-generated) columns, so columns added later are restored too.
 */
@Repository
class MergeRepository {

    /** Columns a merge never restores on the survivor: identity and bookkeeping. */
    private static final List<String> KEEP = List.of("id", "created_at", "updated_at", "version");

    private static final String SELECT = "select m.*, trim((merged_row ->> 'first_name') || ' ' || (merged_row ->> 'last_name'))"
            + " as merged_name from contact_merges m";

    private final JdbcClient jdbc;

    MergeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    String rowJson(long contactId) {
        return jdbc.sql("select to_jsonb(c)::text from contacts c where id = :id").param("id", contactId).query(String.class).single();
    }

    long insert(long survivorId, long mergedId, String mergedRow, String before, String after, long userId) {
        return jdbc.sql("""
                insert into contact_merges (survivor_id, merged_id, merged_row, survivor_before, survivor_after, merged_by)
                values (:survivor, :merged, cast(:row as jsonb), cast(:before as jsonb), cast(:after as jsonb), :by)
                returning id""")
                .param("survivor", survivorId).param("merged", mergedId).param("row", mergedRow).param("before", before)
                .param("after", after).param("by", userId).query(Long.class).single();
    }

    boolean deleteAt(long id, int version) {
        return jdbc.sql("delete from contacts where id = :id and version = :version").param("id", id).param("version", version)
                .update() == 1;
    }

    Optional<ContactMerges.Merge> find(long mergeId) {
        return jdbc.sql(SELECT + " where id = :id").param("id", mergeId).query(MergeRepository::map).optional();
    }

    List<ContactMerges.Merge> ofSurvivor(long survivorId) {
        return jdbc.sql(SELECT + " where survivor_id = :id order by merged_at desc, id desc limit 50")
                .param("id", survivorId).query(MergeRepository::map).list();
    }

    boolean markUndone(long mergeId, long userId) {
        return jdbc.sql("update contact_merges set undone_at = now(), undone_by = :by where id = :id and undone_at is null")
                .param("id", mergeId).param("by", userId).update() == 1;
    }

    /** The merged-away contact comes back with its id, values and version. */
    void restoreMerged(long mergeId) {
        List<String> columns = storedColumns();
        jdbc.sql("insert into contacts (" + String.join(", ", columns) + ") select "
                        + columns.stream().map(c -> "r." + c).collect(Collectors.joining(", "))
                        + " from contact_merges m, jsonb_populate_record(null::contacts, m.merged_row) r where m.id = :id")
                .param("id", mergeId).update();
    }

    /** Each survivor column the merge changed goes back to its old value, unless someone changed it since. */
    void restoreSurvivor(long mergeId) {
        String sets = storedColumns().stream().filter(c -> !KEEP.contains(c))
                .map(c -> c + " = case when coalesce(to_jsonb(c." + c + "), 'null') = coalesce(m.survivor_after -> '" + c + "', 'null')"
                        + " then b." + c
                        + " else c." + c + " end")
                .collect(Collectors.joining(", "));
        jdbc.sql("update contacts c set " + sets + ", updated_at = now(), version = c.version + 1"
                        + " from contact_merges m, jsonb_populate_record(null::contacts, m.survivor_before) b"
                        + " where m.id = :id and c.id = m.survivor_id")
                .param("id", mergeId).update();
    }

    private List<String> storedColumns() {
        return jdbc.sql("""
                select column_name from information_schema.columns
                 where table_schema = current_schema() and table_name = 'contacts' and is_generated = 'NEVER'
                 order by ordinal_position""").query(String.class).list();
    }

    private static ContactMerges.Merge map(ResultSet rs, int n) throws SQLException {
        Timestamp undone = rs.getTimestamp("undone_at");
        var mergedAt = rs.getTimestamp("merged_at").toInstant();
        return new ContactMerges.Merge(rs.getLong("id"), rs.getLong("survivor_id"), rs.getLong("merged_id"),
                rs.getString("merged_name"), mergedAt, mergedAt.plus(ContactMerges.UNDO_WINDOW),
                undone == null ? null : undone.toInstant(), Map.of());
    }
}
