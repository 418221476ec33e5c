package io.rapport.customers.contacts;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Which rows a contact merge re-pointed, per table, so its undo can move exactly those rows back. */
@Service
public class MergeLedger {

    private final JdbcClient jdbc;

    MergeLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void recordMoved(long mergeId, String table, List<Long> rowIds) {
        if (rowIds.isEmpty()) return;
        jdbc.sql("""
                insert into contact_merge_moves (merge_id, table_name, row_id)
                select :merge, :table, unnest(cast(:ids as bigint[])) on conflict do nothing""")
                .param("merge", mergeId).param("table", table).param("ids", rowIds.toArray(Long[]::new)).update();
    }

    public List<Long> moved(long mergeId, String table) {
        return jdbc.sql("select row_id from contact_merge_moves where merge_id = :merge and table_name = :table order by row_id")
                .param("merge", mergeId).param("table", table).query(Long.class).list();
    }

    /** Rows moved per table. */
    Map<String, Long> counts(long mergeId) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        jdbc.sql("select table_name, count(*) from contact_merge_moves where merge_id = :merge group by table_name")
                .param("merge", mergeId).query(rs -> { counts.put(rs.getString(1), rs.getLong(2)); });
        return counts;
    }
}
