package io.rapport.customers.listing;

import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a list query for an export through a database cursor: PostgreSQL sends {@value #FETCH_SIZE} rows at a time
 * and each row is handed on before the next batch is fetched, so a million-row export needs no more memory than a
 * page. The PostgreSQL driver uses a cursor only inside a transaction, hence the read-only one around it.
 */
@Component
public class ListStreams {

    static final int FETCH_SIZE = 1000;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    ListStreams(DataSource dataSource, PlatformTransactionManager transactions) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setFetchSize(FETCH_SIZE);
        this.jdbc = new NamedParameterJdbcTemplate(template);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    public <T> long forEach(String sql, Map<String, Object> params, RowMapper<T> mapper, Consumer<? super T> each) {
        Long count = readOnly.execute(status -> {
            long[] n = {0};
            jdbc.query(sql, params, rs -> {
                each.accept(mapper.mapRow(rs, (int) n[0]));
                n[0]++;
            });
            return n[0];
        });
        return count == null ? 0 : count;
    }
}
