package io.rapport.customers.merging;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Which rows a merge re-pointed, per table, so its undo can move exactly those rows back. */
public class MoveLedger {

    private final JdbcClient jdbc;
    private final String table;

    protected MoveLedger(JdbcClient jdbc, MergeTables tables) {
        this.jdbc = jdbc;
        this.table = tables.moves();
    }

    public void recordMoved(long mergeId, String tableName, List<Long> rowIds) {
        if (rowIds.isEmpty()) return;
        jdbc.sql("insert into " + table + " (merge_id, table_name, row_id)"
                        + " select :merge, :table, unnest(cast(:ids as bigint[])) on conflict do nothing")
                .param("merge", mergeId).param("table", tableName).param("ids", rowIds.toArray(Long[]::new)).update();
    }

    public List<Long> moved(long mergeId, String tableName) {
        return jdbc.sql("select row_id from " + table + " where merge_id = :merge and table_name = :table order by row_id")
                .param("merge", mergeId).param("table", tableName).query(Long.class).list();
    }

    /** Rows moved per table. */
    public Map<String, Long> counts(long mergeId) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        jdbc.sql("select table_name, count(*) from " + table + " where merge_id = :merge group by table_name")
                .param("merge", mergeId).query(rs -> { counts.put(rs.getString(1), rs.getLong(2)); });
        return counts;
    }

    /**
     * Re-points {@code column} of {@code tableName} from the merged record to the survivor and lists the rows moved.
     * {@code alsoSet} is extra SQL for the SET clause (e.g. a version bump).
     */
    public void move(long mergeId, String tableName, String column, String alsoSet, long survivorId, long mergedId) {
        List<Long> moved = jdbc.sql("update " + tableName + " set " + column + " = :survivor" + alsoSet
                        + " where " + column + " = :merged returning id")
                .param("survivor", survivorId).param("merged", mergedId).query(Long.class).list();
        recordMoved(mergeId, tableName, moved);
    }

    /** Moves the listed rows back, except rows deleted or re-pointed elsewhere since. */
    public void moveBack(long mergeId, String tableName, String column, String alsoSet, long survivorId, long mergedId) {
        List<Long> ids = moved(mergeId, tableName);
        if (ids.isEmpty()) return;
        jdbc.sql("update " + tableName + " set " + column + " = :merged" + alsoSet
                        + " where id = any(cast(:ids as bigint[])) and " + column + " = :survivor")
                .param("merged", mergedId).param("survivor", survivorId).param("ids", ids.toArray(Long[]::new)).update();
    }
}
