package io.rapport.customers.contacts;

import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.audit.FieldChange;
import io.rapport.platform.security.CurrentUser;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Lifecycle changes that other modules cause: a first purchase (an order) makes a lead or prospect a customer. */
@Service
public class CustomerLifecycle {

    private final JdbcClient jdbc;
    private final AuditLog audit;

    CustomerLifecycle(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /**
     * The contacts among {@code contactIds} still at LEAD or PROSPECT become CUSTOMER (a contact already further in
     * the lifecycle — client, advocate, churned — keeps its stage). Audited per contact; returns the contacts changed.
     */
    @Transactional
    public List<Long> purchased(Collection<Long> contactIds, CurrentUser actor) {
        if (contactIds.isEmpty()) return List.of();
        List<Object[]> changed = jdbc.sql("""
                update contacts c set lifecycle_stage = 'CUSTOMER', version = c.version + 1, updated_at = now()
                from (select id, lifecycle_stage as old from contacts where id = any(cast(:ids as bigint[]))
                      and lifecycle_stage in ('LEAD', 'PROSPECT') order by id for update) o
                where c.id = o.id returning c.id, o.old""")
                .param("ids", contactIds.stream().distinct().toArray(Long[]::new))
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).list();
        for (Object[] row : changed) {
            audit.record(actor == null ? null : actor.id(), actor == null ? null : actor.email(), "UPDATE", "CONTACT",
                    (Long) row[0], "Lifecycle stage " + row[1] + " → CUSTOMER: first order",
                    Map.of("lifecycleStage", new FieldChange(row[1], "CUSTOMER")));
        }
        return changed.stream().map(r -> (Long) r[0]).toList();
    }
}
