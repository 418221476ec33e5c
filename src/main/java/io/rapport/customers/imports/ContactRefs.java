package io.rapport.customers.imports;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Contacts and accounts that import rows refer to, looked up among the records the importing user can see and
 * remembered for the run (a file usually names the same few accounts over and over).
 */
public final class ContactRefs {

    /** A contact and the account it belongs to (null if none). */
    public record Ref(long id, Long accountId) {}

    private final JdbcClient jdbc;
    private final CurrentUser user;
    private final Map<String, Optional<Ref>> contacts = lru();
    private final Map<String, Optional<Long>> accounts = lru();

    ContactRefs(JdbcClient jdbc, CurrentUser user) {
        this.jdbc = jdbc;
        this.user = user;
    }

    public Optional<Ref> contactByEmail(String email) {
        return contacts.computeIfAbsent("e:" + email.toLowerCase(java.util.Locale.ROOT), k -> RecordVisibility.bind(jdbc.sql(
                "select id, account_id from contacts c where emails @> array[cast(:email as text)] and " + RecordVisibility.condition(user, "c")
                        + " order by id + 0 limit 1").param("email", k.substring(2)), user)
                .query((rs, n) -> new Ref(rs.getLong(1), (Long) rs.getObject(2))).optional());
    }

    public Optional<Ref> contactById(long id) {
        return contacts.computeIfAbsent("i:" + id, k -> RecordVisibility.bind(jdbc.sql(
                "select id, account_id from contacts c where id = :id and " + RecordVisibility.condition(user, "c"))
                .param("id", id), user).query((rs, n) -> new Ref(rs.getLong(1), (Long) rs.getObject(2))).optional());
    }

    Optional<Long> accountByName(String name) {
        return accounts.computeIfAbsent("n:" + name.toLowerCase(java.util.Locale.ROOT), k -> RecordVisibility.bind(jdbc.sql(
                "select id from accounts a where lower(name) = :name and " + RecordVisibility.condition(user, "a")
                        + " order by id + 0 limit 1").param("name", k.substring(2)), user).query(Long.class).optional());
    }

    Optional<Long> accountById(long id) {
        return accounts.computeIfAbsent("i:" + id, k -> RecordVisibility.bind(jdbc.sql(
                "select id from accounts a where id = :id and " + RecordVisibility.condition(user, "a"))
                .param("id", id), user).query(Long.class).optional());
    }

    /** Bounded, so a file naming a million different contacts does not keep them all. */
    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > 50_000;
            }
        };
    }
}
