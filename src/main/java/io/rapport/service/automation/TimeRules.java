package io.rapport.service.automation;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Time-based rules ("pending for more than 72 hours", "new and unassigned for 1 hour"), checked by a recurring
 * db-scheduler job. A rule fires once per ticket per condition window — the ticket's current status period, named by
 * its latest status-history row — claimed by inserting the (rule, ticket, window) row: the primary key makes a
 * concurrent run on another node (or a second run here) wait, then find the row and do nothing.
 */
@Configuration
class TimeRules {

    static final int BATCH = 200;

    record Candidate(long ticketId, long windowId) {}

    private final JdbcClient jdbc;
    private final AutomationRules rules;
    private final RuleEngine engine;
    private final TransactionTemplate tx;

    TimeRules(JdbcClient jdbc, AutomationRules rules, RuleEngine engine, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.engine = engine;
        this.tx = tx;
    }

    @Bean
    RecurringTask<Void> deskTimeRulesJob(@Value("${rapport.automation.interval:PT1M}") Duration interval) {
        return Tasks.recurring("desk-automation-time-rules", FixedDelay.of(interval)).execute((instance, ctx) -> runDue());
    }

    /** Fires every due (rule, ticket) pair once; returns how many firings this run made. */
    int runDue() {
        int firings = 0;
        for (AutomationRule rule : rules.active("TIME")) {
            List<Candidate> batch;
            int rounds = 0;
            do {
                batch = candidates(rule);
                for (Candidate c : batch) {
                    if (Boolean.TRUE.equals(tx.execute(s -> fireOnce(rule, c)))) firings++;
                }
            } while (batch.size() == BATCH && ++rounds < 20);
        }
        return firings;
    }

    private List<Candidate> candidates(AutomationRule rule) {
        return RuleEngine.bind(jdbc.sql("""
                        select t.id, w.window_id from tickets t
                          left join accounts a on a.id = t.account_id
                          cross join lateral (select coalesce(max(h.id), 0) as window_id
                                                from ticket_status_history h where h.ticket_id = t.id) w
                         where t.status <> 'CLOSED' and t.merged_into_id is null and """ + RuleEngine.where(rule.conditions()) + """
                           and not exists (select 1 from automation_time_firings f
                                            where f.rule_id = :rule and f.ticket_id = t.id and f.window_id = w.window_id)
                         order by t.id limit :batch""")
                .param("rule", rule.id()).param("batch", BATCH), rule.conditions())
                .query((rs, n) -> new Candidate(rs.getLong(1), rs.getLong(2))).list();
    }

    private boolean fireOnce(AutomationRule rule, Candidate c) {
        if (!engine.matches(rule, c.ticketId())) return false;  // changed since it was listed
        int claimed = jdbc.sql("""
                        insert into automation_time_firings (rule_id, ticket_id, window_id) values (:rule, :t, :w)
                        on conflict do nothing""")
                .param("rule", rule.id()).param("t", c.ticketId()).param("w", c.windowId()).update();
        if (claimed == 0) return false;
        Set<Long> fired = new LinkedHashSet<>(Set.of(rule.id()));
        int events = engine.fire(rule, c.ticketId(), "TIME");
        engine.leaveEchoes(c.ticketId(), fired, events);
        return true;
    }
}
