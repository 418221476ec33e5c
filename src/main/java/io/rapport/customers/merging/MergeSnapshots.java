package io.rapport.customers.merging;

import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.Problems;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Merge snapshots of one kind of record. Rows are kept as {@code to_jsonb(row)} and restored through
 * {@code jsonb_populate_record} over the table's stored (non-generated) columns, so columns added later are restored too.
 */
public class MergeSnapshots {

    /** Columns a merge never restores on the survivor: identity and bookkeeping. */
    private static final List<String> KEEP = List.of("id", "created_at", "updated_at", "version");

    private final JdbcClient jdbc;
    private final MergeTables t;
    private final String select;

    public MergeSnapshots(JdbcClient jdbc, MergeTables tables) {
        this.jdbc = jdbc;
        this.t = tables;
        this.select = "select m.*, " + tables.mergedName() + " as merged_name from " + tables.merges() + " m";
    }

    /**
     * The record half of a merge: snapshots both rows, lets {@code updateSurvivor} write the chosen values (false:
     * someone else changed the survivor meanwhile, {@code lostRace} is thrown), records the merge, lets
     * {@code moveRows} re-point what references the other record, and deletes it at the version the user compared.
     */
    public long merge(String what, long survivorId, long otherId, int otherVersion, long userId,
                      BooleanSupplier updateSurvivor, Supplier<ApiProblem> lostRace, LongConsumer moveRows) {
        String before = rowJson(survivorId);
        String mergedRow = rowJson(otherId);
        if (!updateSurvivor.getAsBoolean()) throw lostRace.get();
        long mergeId = insert(survivorId, otherId, mergedRow, before, rowJson(survivorId), userId);
        moveRows.accept(mergeId);
        if (!deleteAt(otherId, otherVersion)) throw Problems.staleVersion(what, otherId, otherVersion, otherVersion + 1);
        return mergeId;
    }

    private String rowJson(long id) {
        return jdbc.sql("select to_jsonb(r)::text from " + t.records() + " r where id = :id").param("id", id).query(String.class).single();
    }

    private long insert(long survivorId, long mergedId, String mergedRow, String before, String after, long userId) {
        return jdbc.sql("insert into " + t.merges() + " (survivor_id, merged_id, merged_row, survivor_before, survivor_after, merged_by)"
                        + " values (:survivor, :merged, cast(:row as jsonb), cast(:before as jsonb), cast(:after as jsonb), :by)"
                        + " returning id")
                .param("survivor", survivorId).param("merged", mergedId).param("row", mergedRow).param("before", before)
                .param("after", after).param("by", userId).query(Long.class).single();
    }

    private boolean deleteAt(long id, int version) {
        return jdbc.sql("delete from " + t.records() + " where id = :id and version = :version").param("id", id)
                .param("version", version).update() == 1;
    }

    public Optional<Merge> find(long mergeId) {
        return jdbc.sql(select + " where id = :id").param("id", mergeId).query(MergeSnapshots::map).optional();
    }

    public List<Merge> ofSurvivor(long survivorId) {
        return jdbc.sql(select + " where survivor_id = :id order by merged_at desc, id desc limit 50")
                .param("id", survivorId).query(MergeSnapshots::map).list();
    }

    /**
     * The record half of an undo: 404 unless the merge exists and the user sees its survivor, 409 if it was undone
     * already, 410 once the undo window is over; then the merged-away row is back and the survivor's fields the merge
     * changed are restored (unless edited since).
     */
    public <T> Undone<T> undo(long mergeId, long userId, Instant now, LongFunction<Optional<T>> visibleSurvivor) {
        Merge merge = find(mergeId).orElseThrow(() -> Problems.notFound("Merge", mergeId));
        T survivor = visibleSurvivor.apply(merge.survivorId()).orElseThrow(() -> Problems.notFound("Merge", mergeId));
        requireUndoable(merge, now);
        if (!markUndone(mergeId, userId)) throw Problems.conflict("Merge " + mergeId + " was already undone");
        restoreMerged(mergeId);
        restoreSurvivor(mergeId);
        return new Undone<>(merge, survivor);
    }

    /** An undone merge and its survivor as it was before the undo (for the audit entry). */
    public record Undone<T>(Merge merge, T survivorBefore) {}

    private static void requireUndoable(Merge merge, Instant now) {
        if (merge.undoneAt() != null) throw Problems.conflict("Merge " + merge.id() + " was already undone at " + merge.undoneAt());
        if (!merge.undoable(now)) {
            throw new ApiProblem(HttpStatus.GONE, "undo-expired", "Undo period over",
                    "Merge " + merge.id() + " can only be undone until " + merge.undoUntil(), List.of());
        }
    }

    private boolean markUndone(long mergeId, long userId) {
        return jdbc.sql("update " + t.merges() + " set undone_at = now(), undone_by = :by where id = :id and undone_at is null")
                .param("id", mergeId).param("by", userId).update() == 1;
    }

    /** The merged-away record comes back with its id, values and version. */
    private void restoreMerged(long mergeId) {
        List<String> columns = storedColumns();
        jdbc.sql("insert into " + t.records() + " (" + String.join(", ", columns) + ") select "
                        + columns.stream().map(c -> "r." + c).collect(Collectors.joining(", "))
                        + " from " + t.merges() + " m, jsonb_populate_record(null::" + t.records() + ", m.merged_row) r where m.id = :id")
                .param("id", mergeId).update();
    }

    /** Each survivor column the merge changed goes back to its old value, unless someone changed it since. */
    private void restoreSurvivor(long mergeId) {
        String sets = storedColumns().stream().filter(c -> !KEEP.contains(c))
                .map(c -> c + " = case when coalesce(to_jsonb(c." + c + "), 'null') = coalesce(m.survivor_after -> '" + c + "', 'null')"
                        + " then b." + c
                        + " else c." + c + " end")
                .collect(Collectors.joining(", "));
        jdbc.sql("update " + t.records() + " c set " + sets + ", updated_at = now(), version = c.version + 1"
                        + " from " + t.merges() + " m, jsonb_populate_record(null::" + t.records() + ", m.survivor_before) b"
                        + " where m.id = :id and c.id = m.survivor_id")
                .param("id", mergeId).update();
    }

    private List<String> storedColumns() {
        return jdbc.sql("""
                select column_name from information_schema.columns
                 where table_schema = current_schema() and table_name = :table and is_generated = 'NEVER'
                 order by ordinal_position""").param("table", t.records()).query(String.class).list();
    }

    private static Merge map(ResultSet rs, int n) throws SQLException {
        Timestamp undone = rs.getTimestamp("undone_at");
        var mergedAt = rs.getTimestamp("merged_at").toInstant();
        return new Merge(rs.getLong("id"), rs.getLong("survivor_id"), rs.getLong("merged_id"),
                rs.getString("merged_name"), mergedAt, mergedAt.plus(Merge.UNDO_WINDOW),
                undone == null ? null : undone.toInstant(), Map.of());
    }
}
