package io.rapport.service.sla;

import io.rapport.service.calendars.BusinessCalendar;
import io.rapport.service.calendars.BusinessCalendars;
import io.rapport.service.calendars.BusinessTime;
import io.rapport.service.sla.SlaPolicy.Metric;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Starts, stops, pauses and resumes the SLA clocks of a ticket, and keeps {@code tickets.sla_due_at} (the nearest
 * due time of its running clocks) in step. Each method runs in a savepoint of the caller's transaction so that a
 * failure here never undoes the ticket change that triggered it (see {@link SlaTicketListener}).
 */
@Service
public class SlaClocks {

    private static final String OPEN_STATUSES = "('NEW','OPEN','PENDING','ON_HOLD')";

    private final JdbcClient jdbc;
    private final SlaPolicies policies;
    private final BusinessCalendars calendars;
    private final SlaSettings settings;

    SlaClocks(JdbcClient jdbc, SlaPolicies policies, BusinessCalendars calendars, SlaSettings settings) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.calendars = calendars;
        this.settings = settings;
    }

    /** A new ticket: choose its policy and start first-response and resolution clocks. */
    @Transactional(propagation = Propagation.NESTED)
    public void ticketCreated(long ticketId, Instant now) {
        Optional<SlaPolicy> policy = policies.forTicket(ticketId);
        if (policy.isEmpty()) return;
        start(ticketId, policy.get(), Metric.FIRST_RESPONSE, now);
        start(ticketId, policy.get(), Metric.RESOLUTION, now);
        if (settings.pauses(status(ticketId))) pauseAll(ticketId, now);
        refreshDue(ticketId);
    }

    /** A customer wrote again: the next-response clock starts, unless the first response is still owed. */
    @Transactional(propagation = Propagation.NESTED)
    public void customerMessage(long ticketId, Instant now) {
        boolean firstOwed = jdbc.sql("""
                select exists (select 1 from ticket_sla_clocks where ticket_id = :id and metric = 'FIRST_RESPONSE'
                               and stopped_at is null)""").param("id", ticketId).query(Boolean.class).single();
        String status = status(ticketId);
        if (firstOwed || status == null || !OPEN_STATUSES.contains("'" + status + "'")) return;
        Optional<SlaPolicy> policy = policyOf(ticketId);
        if (policy.isEmpty()) return;
        start(ticketId, policy.get(), Metric.NEXT_RESPONSE, now);
        if (settings.pauses(status)) pauseAll(ticketId, now);
        refreshDue(ticketId);
    }

    /** An agent's public reply answers the first response and any next response owed. */
    @Transactional(propagation = Propagation.NESTED)
    public void agentReplied(long ticketId, Instant now) {
        stop(ticketId, List.of(Metric.FIRST_RESPONSE, Metric.NEXT_RESPONSE), now);
        refreshDue(ticketId);
    }

    /** Solved/closed stops every clock, reopening resumes resolution, a pausing status pauses, leaving it resumes. */
    @Transactional(propagation = Propagation.NESTED)
    public void statusChanged(long ticketId, String from, String to, Instant now) {
        boolean wasDone = "SOLVED".equals(from) || "CLOSED".equals(from);
        boolean isDone = "SOLVED".equals(to) || "CLOSED".equals(to);
        if (isDone) {
            stop(ticketId, List.of(Metric.values()), now);
        } else if (wasDone) {
            reopenResolution(ticketId, now);
            if (settings.pauses(to)) pauseAll(ticketId, now);
        } else if (settings.pauses(to) && !settings.pauses(from)) {
            pauseAll(ticketId, now);
        } else if (!settings.pauses(to) && settings.pauses(from)) {
            resumeAll(ticketId, now);
        }
        refreshDue(ticketId);
    }

    /**
     * Priority, type, channel or account changed: when another policy now applies, the running clocks that have not
     * breached take its targets, counted from when they started (time spent paused still does not count).
     */
    @Transactional(propagation = Propagation.NESTED)
    public void ticketUpdated(long ticketId) {
        Optional<SlaPolicy> policy = policies.forTicket(ticketId);
        if (policy.isEmpty()) return;
        SlaPolicy p = policy.get();
        record Running(long id, String metric, Long policyId, Instant startedAt, long pausedSeconds) {}
        List<Running> running = jdbc.sql("""
                        select id, metric, policy_id, started_at, paused_business_seconds from ticket_sla_clocks
                        where ticket_id = :id and stopped_at is null and breached_at is null for update""")
                .param("id", ticketId).query((rs, n) -> new Running(rs.getLong(1), rs.getString(2), (Long) rs.getObject(3),
                        rs.getTimestamp(4).toInstant(), rs.getLong(5))).list();
        BusinessCalendar cal = calendars.calendar(p.calendarId());
        boolean changed = false;
        for (Running r : running) {
            Integer minutes = p.target(Metric.valueOf(r.metric()));
            if (minutes == null || Long.valueOf(p.id()).equals(r.policyId())) continue;
            Duration target = Duration.ofMinutes(minutes);
            Duration paused = Duration.ofSeconds(r.pausedSeconds());
            Instant due = BusinessTime.addBusinessTime(r.startedAt(), target.plus(paused), cal);
            Instant warn = BusinessTime.addBusinessTime(r.startedAt(), target.minus(settings.warnLead(target)).plus(paused), cal);
            jdbc.sql("""
                            update ticket_sla_clocks set policy_id = :policy, calendar_id = :calendar, target_minutes = :minutes,
                                   due_at = :due, warn_at = :warn, warned_at = case when :warn > now() then null else warned_at end
                            where id = :id""")
                    .param("policy", p.id()).param("calendar", p.calendarId()).param("minutes", minutes).param("due", ts(due))
                    .param("warn", ts(warn)).param("id", r.id()).update();
            changed = true;
        }
        if (changed) refreshDue(ticketId);
    }

    /**
     * {@link #ticketUpdated} for a batch of tickets (one bulk change): one policy match for all of them, one read of
     * their running clocks, then only the clocks whose policy changed are moved (as {@link #ticketUpdated} does).
     */
    @Transactional(propagation = Propagation.NESTED)
    public void ticketsUpdated(java.util.Collection<Long> ticketIds) {
        java.util.Map<Long, SlaPolicy> matched = policies.forTickets(ticketIds);
        if (matched.isEmpty()) return;
        record Running(long id, long ticketId, String metric, Long policyId, Instant startedAt, long pausedSeconds) {}
        List<Running> running = jdbc.sql("""
                        select id, ticket_id, metric, policy_id, started_at, paused_business_seconds from ticket_sla_clocks
                        where ticket_id = any(:ids) and stopped_at is null and breached_at is null order by id for update""")
                .param("ids", matched.keySet().stream().sorted().toArray(Long[]::new))
                .query((rs, n) -> new Running(rs.getLong(1), rs.getLong(2), rs.getString(3), (Long) rs.getObject(4),
                        rs.getTimestamp(5).toInstant(), rs.getLong(6))).list();
        java.util.Set<Long> changed = new java.util.TreeSet<>();
        for (Running r : running) {
            SlaPolicy p = matched.get(r.ticketId());
            Integer minutes = p.target(Metric.valueOf(r.metric()));
            if (minutes == null || Long.valueOf(p.id()).equals(r.policyId())) continue;
            BusinessCalendar cal = calendars.calendar(p.calendarId());
            Duration target = Duration.ofMinutes(minutes);
            Duration paused = Duration.ofSeconds(r.pausedSeconds());
            Instant due = BusinessTime.addBusinessTime(r.startedAt(), target.plus(paused), cal);
            Instant warn = BusinessTime.addBusinessTime(r.startedAt(), target.minus(settings.warnLead(target)).plus(paused), cal);
            jdbc.sql("""
                            update ticket_sla_clocks set policy_id = :policy, calendar_id = :calendar, target_minutes = :minutes,
                                   due_at = :due, warn_at = :warn, warned_at = case when :warn > now() then null else warned_at end
                            where id = :id""")
                    .param("policy", p.id()).param("calendar", p.calendarId()).param("minutes", minutes).param("due", ts(due))
                    .param("warn", ts(warn)).param("id", r.id()).update();
            changed.add(r.ticketId());
        }
        for (long ticketId : changed) refreshDue(ticketId);
    }

    private void start(long ticketId, SlaPolicy policy, Metric metric, Instant now) {
        Integer minutes = policy.target(metric);
        if (minutes == null) return;
        BusinessCalendar cal = calendars.calendar(policy.calendarId());
        Duration target = Duration.ofMinutes(minutes);
        Instant due = BusinessTime.addBusinessTime(now, target, cal);
        Instant warn = BusinessTime.addBusinessTime(now, target.minus(settings.warnLead(target)), cal);
        jdbc.sql("""
                        insert into ticket_sla_clocks (ticket_id, metric, policy_id, calendar_id, target_minutes, started_at,
                                                       due_at, warn_at)
                        values (:ticket, :metric, :policy, :calendar, :minutes, :now, :due, :warn)
                        on conflict (ticket_id, metric) where stopped_at is null do nothing""")
                .param("ticket", ticketId).param("metric", metric.name()).param("policy", policy.id())
                .param("calendar", policy.calendarId()).param("minutes", minutes).param("now", ts(now))
                .param("due", ts(due)).param("warn", ts(warn)).update();
    }

    private void stop(long ticketId, List<Metric> metrics, Instant now) {
        jdbc.sql("""
                        update ticket_sla_clocks
                        set stopped_at = :now, paused_at = null,
                            breached_at = coalesce(breached_at, case when due_at < :now and paused_at is null then due_at end)
                        where ticket_id = :ticket and stopped_at is null and metric in (:metrics)""")
                .param("now", ts(now)).param("ticket", ticketId)
                .param("metrics", metrics.stream().map(Enum::name).toList()).update();
    }

    private void pauseAll(long ticketId, Instant now) {
        jdbc.sql("update ticket_sla_clocks set paused_at = :now where ticket_id = :ticket and stopped_at is null and paused_at is null")
                .param("now", ts(now)).param("ticket", ticketId).update();
    }

    /** Pushes each paused clock's due and warning times by the business time it spent paused. */
    private void resumeAll(long ticketId, Instant now) {
        for (PausedClock c : jdbc.sql("""
                        select id, calendar_id, paused_at, due_at, warn_at from ticket_sla_clocks
                        where ticket_id = :ticket and stopped_at is null and paused_at is not null for update""")
                .param("ticket", ticketId).query(PausedClock::map).list()) {
            shift(c, c.pausedAt(), now, "paused_at = null");
        }
    }

    /** The resolution clock continues where it stopped when the ticket was solved; the solved time does not count. */
    private void reopenResolution(long ticketId, Instant now) {
        Optional<PausedClock> last = jdbc.sql("""
                        select id, calendar_id, stopped_at as paused_at, due_at, warn_at from ticket_sla_clocks
                        where ticket_id = :ticket and metric = 'RESOLUTION' order by id desc limit 1 for update""")
                .param("ticket", ticketId).query(PausedClock::map).optional();
        if (last.isEmpty() || last.get().pausedAt() == null) return;
        // a breach recorded when it stopped late stays; the clock runs on (handled, so it does not escalate again)
        shift(last.get(), last.get().pausedAt(), now, "stopped_at = null, paused_at = null, breach_handled = breached_at is not null");
    }

    private void shift(PausedClock c, Instant from, Instant now, String set) {
        BusinessCalendar cal = c.calendarId() == null ? BusinessCalendar.twentyFourSeven(java.time.ZoneOffset.UTC)
                : calendars.calendar(c.calendarId());
        Duration paused = BusinessTime.businessTimeBetween(from, now, cal);
        Instant due = c.dueAt().isAfter(from) ? BusinessTime.addBusinessTime(now, BusinessTime.businessTimeBetween(from, c.dueAt(), cal), cal) : c.dueAt();
        Instant warn = c.warnAt().isAfter(from) ? BusinessTime.addBusinessTime(now, BusinessTime.businessTimeBetween(from, c.warnAt(), cal), cal) : c.warnAt();
        jdbc.sql("update ticket_sla_clocks set " + set + ", due_at = :due, warn_at = :warn, "
                        + "paused_business_seconds = paused_business_seconds + :paused where id = :id")
                .param("due", ts(due)).param("warn", ts(warn)).param("paused", paused.toSeconds()).param("id", c.id()).update();
    }

    /** Keeps {@code tickets.sla_due_at} = the nearest due time of the ticket's running (not paused) clocks. */
    void refreshDue(long ticketId) {
        jdbc.sql("""
                update tickets set sla_due_at = (select min(due_at) from ticket_sla_clocks
                                                 where ticket_id = :id and stopped_at is null and paused_at is null)
                where id = :id and sla_due_at is distinct from (select min(due_at) from ticket_sla_clocks
                                                 where ticket_id = :id and stopped_at is null and paused_at is null)""")
                .param("id", ticketId).update();
    }

    private Optional<SlaPolicy> policyOf(long ticketId) {
        Optional<Long> id = jdbc.sql("""
                        select policy_id from ticket_sla_clocks where ticket_id = :id and policy_id is not null
                        order by id desc limit 1""").param("id", ticketId).query(Long.class).optional();
        return id.isPresent() ? policies.all().stream().filter(p -> p.id() == id.get()).findFirst() : policies.forTicket(ticketId);
    }

    private String status(long ticketId) {
        return jdbc.sql("select status from tickets where id = :id").param("id", ticketId).query(String.class).optional().orElse(null);
    }

    static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }

    private record PausedClock(long id, Long calendarId, Instant pausedAt, Instant dueAt, Instant warnAt) {
        static PausedClock map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
            Timestamp p = rs.getTimestamp("paused_at");
            return new PausedClock(rs.getLong("id"), (Long) rs.getObject("calendar_id"), p == null ? null : p.toInstant(),
                    rs.getTimestamp("due_at").toInstant(), rs.getTimestamp("warn_at").toInstant());
        }
    }
}
