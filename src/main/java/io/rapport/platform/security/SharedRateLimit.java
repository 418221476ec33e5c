package io.rapport.platform.security;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At most N posts per client address (and per scope, e.g. a form) in any sliding minute, for public forms that
 * write: counted in PostgreSQL so every app node shares the count, with an advisory lock per (table, address, scope)
 * so count-then-insert is exact under concurrency. The module owning the form owns the table of posts:
 * {@code (client_address text, posted_at timestamptz default now()}, plus the scope column if it has one{@code )}.
 */
public final class SharedRateLimit {

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final String table;
    private final String scopeColumn;
    private final int perMinute;

    /**
     * @param table       the module's table of posts (a constant of the caller, never input)
     * @param scopeColumn its bigint scope column, or null when one count covers the whole table
     */
    public SharedRateLimit(JdbcClient jdbc, PlatformTransactionManager transactions, String table, String scopeColumn, int perMinute) {
        if (!table.matches("[a-z_]+") || (scopeColumn != null && !scopeColumn.matches("[a-z_]+"))) {
            throw new IllegalArgumentException("table and column are identifiers: " + table + ", " + scopeColumn);
        }
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.table = table;
        this.scopeColumn = scopeColumn;
        this.perMinute = perMinute;
    }

    public int perMinute() {
        return perMinute;
    }

    /** Counts this post and says true, or says false when the address used up its minute. Commits on its own. */
    public boolean admit(String clientAddress, long scope) {
        String scoped = scopeColumn == null ? "" : " and " + scopeColumn + " = :scope";
        return Boolean.TRUE.equals(ownTransaction.execute(s -> {
            jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
                    .param("key", table + ":" + clientAddress + (scopeColumn == null ? "" : ":" + scope)).query().singleRow();
            long recent = jdbc.sql("select count(*) from " + table + " where client_address = :address" + scoped
                            + " and posted_at > now() - interval '1 minute'")
                    .param("address", clientAddress).param("scope", scope).query(Long.class).single();
            if (recent >= perMinute) return false;
            jdbc.sql("delete from " + table + " where client_address = :address" + scoped + " and posted_at < now() - interval '1 minute'")
                    .param("address", clientAddress).param("scope", scope).update();
            jdbc.sql(scopeColumn == null
                            ? "insert into " + table + " (client_address) values (:address)"
                            : "insert into " + table + " (client_address, " + scopeColumn + ") values (:address, :scope)")
                    .param("address", clientAddress).param("scope", scope).update();
            return true;
        }));
    }

    /** Counts one post of an unscoped table. */
    public boolean admit(String clientAddress) {
        return admit(clientAddress, 0);
    }

    /** Forgets the windows of addresses that never came back. */
    public int forgetOld() {
        return jdbc.sql("delete from " + table + " where posted_at < now() - interval '10 minutes'").update();
    }
}
