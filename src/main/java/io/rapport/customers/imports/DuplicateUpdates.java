package io.rapport.customers.imports;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Applies staged rows to the records they duplicate. Two rows of a batch may match the same record (one by
 * e-mail, one by phone); an UPDATE ... FROM would apply only one of them, so the rows go in rounds, one row per
 * record per round, in file order.
 */
final class DuplicateUpdates {

    private DuplicateUpdates() {}

    /**
     * {@code update} is an UPDATE ... FROM {@code stage} s joined to {@code picked} p (the rows of this round)
     * RETURNING s.row_no. Returns the rows applied.
     */
    static long apply(JdbcClient jdbc, String stage, String update) {
        long applied = 0;
        while (true) {
            long round = jdbc.sql("""
                    with picked as (select distinct on (existing_id) row_no from %1$s
                                    where existing_id is not null and not applied order by existing_id, row_no),
                         done as (%2$s)
                    update %1$s set applied = true where row_no in (select row_no from done)""".formatted(stage, update)).update();
            if (round == 0) return applied;
            applied += round;
        }
    }
}
