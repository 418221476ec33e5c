package io.rapport.commerce.orders;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Customer numbers of an order source (e.g. the "CustomerID" of a web shop export) and the contacts they are.
 * Looked up among the contacts the importing user can see; hits are remembered for the run.
 */
final class CustomerRefs {

    record Ref(long contactId, Long accountId) {}

    private final JdbcClient jdbc;
    private final CurrentUser user;
    private final Map<String, Ref> found = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Ref> eldest) {
            return size() > 50_000;
        }
    };

    CustomerRefs(JdbcClient jdbc, CurrentUser user) {
        this.jdbc = jdbc;
        this.user = user;
    }

    /** "17850.0" (a number a spreadsheet turned into a decimal) is customer 17850. */
    static String normalise(String raw) {
        String ref = raw.strip();
        return ref.matches("\\d+\\.0+") ? ref.substring(0, ref.indexOf('.')) : ref;
    }

    /** Whether the number is known at all (maybe as a contact the user cannot see). */
    boolean known(String ref) {
        return jdbc.sql("select exists (select 1 from customer_refs where ref = :ref)").param("ref", ref).query(Boolean.class).single();
    }

    Optional<Ref> find(String ref) {
        Ref hit = found.get(ref);
        if (hit != null) return Optional.of(hit);
        Optional<Ref> r = RecordVisibility.bind(jdbc.sql("""
                select c.id, c.account_id from customer_refs r join contacts c on c.id = r.contact_id
                where r.ref = :ref""" + " and " + RecordVisibility.condition(user, "c")).param("ref", ref), user)
                .query((rs, n) -> new Ref(rs.getLong(1), (Long) rs.getObject(2))).optional();
        r.ifPresent(x -> found.put(ref, x));
        return r;
    }
}
