package io.rapport.service.escalation;

import io.rapport.service.escalation.Escalations.Breach;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds running clocks past their due time whose breach was not handled, marks them breached and runs the
 * escalation rules; and sends the one "breaching soon" warning per clock. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED} in batches, each batch one transaction, so two nodes sweeping at once split the work
 * and never handle one breach twice. The escalation rules of a batch run set-based ({@link Escalations#escalateAll}):
 * one read of the breached tickets, one update, one log insert, one notification insert.
 */
@Service
public class BreachSweep {

    public record Result(int breached, int warned, long millis) {}

    private static final String RETURNING = " c.id, c.ticket_id, c.metric, t.number, t.subject, t.priority, t.team_id, t.assignee_id";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Escalations escalations;
    private final EscalationRules rules;
    private final int batchSize;
    private final TransactionTemplate nested;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BreachSweep.class);

    BreachSweep(JdbcClient jdbc, TransactionTemplate tx, Escalations escalations, EscalationRules rules,
                @Value("${rapport.sla.sweep-batch:500}") int batchSize) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.escalations = escalations;
        this.rules = rules;
        this.batchSize = batchSize;
        this.nested = new TransactionTemplate(tx.getTransactionManager());
        this.nested.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_NESTED);
    }

    /** One full sweep: batches until nothing is left to claim. */
    public Result run() {
        long t0 = System.nanoTime();
        int breached = 0, warned = 0, n;
        do {
            n = tx.execute(s -> breachBatch());
            breached += n;
        } while (n == batchSize);
        do {
            n = tx.execute(s -> warnBatch());
            warned += n;
        } while (n == batchSize);
        return new Result(breached, warned, (System.nanoTime() - t0) / 1_000_000);
    }

    private int breachBatch() {
        List<Breach> claimed = jdbc.sql("""
                        with due as (
                            select id from ticket_sla_clocks
                            where stopped_at is null and paused_at is null and not breach_handled and due_at <= now()
                            order by due_at limit :batch for update skip locked)
                        update ticket_sla_clocks c set breached_at = coalesce(c.breached_at, c.due_at), breach_handled = true
                        from due, tickets t where c.id = due.id and t.id = c.ticket_id
                        returning """ + RETURNING)
                .param("batch", batchSize).query(BreachSweep::breach).list();
        if (claimed.isEmpty()) return 0;
        List<EscalationRule> active = rules.all().stream().filter(EscalationRule::active).toList();
        List<Breach> candidates = claimed.stream().filter(b -> Escalations.anyRule(b, active)).toList();
        List<Breach> unescalated = new ArrayList<>(claimed.stream().filter(b -> !Escalations.anyRule(b, active)).toList());
        if (!candidates.isEmpty()) unescalated.addAll(escalateBatch(candidates, active));
        escalations.logUnescalated(unescalated);
        return claimed.size();
    }

    /**
     * The batch's rule actions set-based, in a savepoint; should that fail (a rule pointing at something that no longer
     * takes it, say), breach by breach in savepoints of their own so one bad action never blocks the others.
     */
    private List<Breach> escalateBatch(List<Breach> candidates, List<EscalationRule> active) {
        try {
            return nested.execute(s -> escalations.escalateAll(candidates, active));
        } catch (RuntimeException e) {
            log.warn("Batched escalation of {} SLA breaches failed; escalating them one by one", candidates.size(), e);
            List<Breach> unescalated = new ArrayList<>();
            for (Breach b : candidates) {
                if (!escalateSafely(b, active)) unescalated.add(b);
            }
            return unescalated;
        }
    }

    /** One breach's rules in a savepoint: a failing action is logged, and never blocks the batch (or every later sweep). */
    private boolean escalateSafely(Breach b, List<EscalationRule> active) {
        try {
            return Boolean.TRUE.equals(nested.execute(s -> escalations.escalate(b, active)));
        } catch (RuntimeException e) {
            log.warn("Escalation of SLA clock {} (ticket {}) failed", b.clockId(), b.ticketId(), e);
            escalations.logFailure(b, e.getMessage());
            return true;
        }
    }

    private static Breach breach(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Breach(rs.getLong(1), rs.getLong(2), rs.getString(3), new Escalations.Ticket(rs.getLong(4), rs.getString(5),
                rs.getString(6), (Long) rs.getObject(7), (Long) rs.getObject(8)));
    }

    private int warnBatch() {
        List<Breach> claimed = jdbc.sql("""
                        with soon as (
                            select id from ticket_sla_clocks
                            where stopped_at is null and paused_at is null and warned_at is null and not breach_handled
                              and warn_at <= now()
                            order by warn_at limit :batch for update skip locked)
                        update ticket_sla_clocks c set warned_at = now()
                        from soon, tickets t where c.id = soon.id and t.id = c.ticket_id
                        returning """ + RETURNING)
                .param("batch", batchSize).query(BreachSweep::breach).list();
        escalations.warn(claimed);
        return claimed.size();
    }
}
