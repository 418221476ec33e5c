package io.rapport.service.metrics;

import io.rapport.service.calendars.BusinessCalendar;
import io.rapport.service.calendars.BusinessCalendars;
import io.rapport.service.calendars.BusinessTime;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Measures a ticket's first response time (created → first public agent reply) and resolution time (created → the
 * latest solve) in business time and stores them on the ticket, with the SLA clocks it met, so the dashboard only
 * aggregates stored values. The calendar: the one of the ticket's SLA policy (its latest clock's calendar); a ticket
 * no policy matched uses the default calendar ({@code rapport.service.metrics.default-calendar}, a calendar name);
 * without either the figures are plain wall-clock seconds. {@code business_time_basis} records which.
 *
 * <p>Called on the reply and solve events in the ticket's own transaction; a V27 trigger clears a figure whenever the
 * instants it measures change, and {@link #measurePending} (the catch-up job, the dashboard before it aggregates)
 * measures whatever is left — rows written by other paths, and existing rows after the migration.
 */
@Service
public class BusinessTimes {

    public enum Basis { POLICY, DEFAULT, WALL_CLOCK }

    /** Kept by the V27 trigger: an instant is set whose figure is not (partial index tickets_business_pending_idx). */
    static final String PENDING = "t.business_times_pending";

    private static final String ROWS = """
            select t.id, t.created_at, t.first_response_at, t.solved_at,
                   (select c.calendar_id from ticket_sla_clocks c where c.ticket_id = t.id and c.calendar_id is not null
                     order by c.id desc limit 1) as calendar_id,
                   (select count(*) from ticket_sla_clocks c where c.ticket_id = t.id) as clocks,
                   (select count(*) from ticket_sla_clocks c where c.ticket_id = t.id and c.breached_at is null
                       and not (c.stopped_at is null and c.paused_at is null and c.due_at < t.solved_at)) as met
              from tickets t
            """;

    private final JdbcClient jdbc;
    private final BusinessCalendars calendars;
    private final TransactionTemplate tx;
    private final String defaultCalendar;

    BusinessTimes(JdbcClient jdbc, BusinessCalendars calendars, TransactionTemplate tx,
                  @Value("${rapport.service.metrics.default-calendar:}") String defaultCalendar) {
        this.jdbc = jdbc;
        this.calendars = calendars;
        this.tx = tx;
        this.defaultCalendar = defaultCalendar == null ? "" : defaultCalendar.trim();
    }

    /** Measures one ticket now, in the caller's transaction (the row is already locked by the change that led here). */
    public void measure(long ticketId) {
        store(jdbc.sql(ROWS + " where t.id = :id").param("id", ticketId).query(BusinessTimes::row).list());
    }

    /**
     * Measures up to {@code limit} tickets whose figures are missing — all of them, or only those received or solved
     * in [from, to) when from is given — in one transaction, skipping rows another node or transaction holds.
     * Returns how many it measured.
     */
    public int measurePending(Instant from, Instant to, int limit) {
        Integer n = tx.execute(s -> {
            String period = from == null ? "" : " and (t.created_at >= :from and t.created_at < :to or t.solved_at >= :from and t.solved_at < :to)";
            var sql = jdbc.sql(ROWS + " where " + PENDING + period + " order by t.id limit :limit for update of t skip locked")
                    .param("limit", limit);
            if (from != null) sql = sql.param("from", Timestamp.from(from)).param("to", Timestamp.from(to));
            List<Row> rows = sql.query(BusinessTimes::row).list();
            store(rows);
            return rows.size();
        });
        return n == null ? 0 : n;
    }

    /** Figures of the period still waiting to be measured (more than one request measures at once). */
    long pendingCount(Instant from, Instant to) {
        return jdbc.sql("select count(*) from tickets t where " + PENDING
                        + " and (t.created_at >= :from and t.created_at < :to or t.solved_at >= :from and t.solved_at < :to)")
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to)).query(Long.class).single();
    }

    private record Row(long id, Instant created, Instant firstResponse, Instant solved, Long calendarId, int clocks, int met) {}

    private static Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Timestamp fr = rs.getTimestamp(3), solved = rs.getTimestamp(4);
        return new Row(rs.getLong(1), rs.getTimestamp(2).toInstant(), fr == null ? null : fr.toInstant(),
                solved == null ? null : solved.toInstant(), (Long) rs.getObject(5), rs.getInt(6), rs.getInt(7));
    }

    private void store(List<Row> rows) {
        if (rows.isEmpty()) return;
        Long fallback = null;
        boolean fallbackLooked = false;
        Map<Long, BusinessCalendar> cals = new HashMap<>();
        List<Long> ids = new ArrayList<>();
        List<Long> firsts = new ArrayList<>(), resolutions = new ArrayList<>();
        List<String> bases = new ArrayList<>();
        List<Integer> totals = new ArrayList<>(), mets = new ArrayList<>();
        for (Row r : rows) {
            Long calendarId = r.calendarId();
            Basis basis = Basis.POLICY;
            if (calendarId == null) {
                if (!fallbackLooked) {
                    fallback = defaultCalendarId();
                    fallbackLooked = true;
                }
                calendarId = fallback;
                basis = calendarId == null ? Basis.WALL_CLOCK : Basis.DEFAULT;
            }
            BusinessCalendar cal = calendarId == null ? null : cals.computeIfAbsent(calendarId, this::calendarOrNull);
            if (calendarId != null && cal == null) basis = Basis.WALL_CLOCK;
            ids.add(r.id());
            firsts.add(seconds(r.created(), r.firstResponse(), cal));
            resolutions.add(seconds(r.created(), r.solved(), cal));
            bases.add(basis.name());
            totals.add(r.solved() == null ? null : r.clocks());
            mets.add(r.solved() == null ? null : r.met());
        }
        jdbc.sql("""
                        update tickets t set first_response_business_s = x.fr, resolution_business_s = x.res,
                               business_time_basis = x.basis, sla_clocks_total = x.total, sla_clocks_met = x.met
                          from unnest(:ids::bigint[], :fr::bigint[], :res::bigint[], :basis::text[], :total::smallint[], :met::smallint[])
                               as x(id, fr, res, basis, total, met)
                         where t.id = x.id""")
                .param("ids", ids.toArray(Long[]::new)).param("fr", firsts.toArray(Long[]::new))
                .param("res", resolutions.toArray(Long[]::new)).param("basis", bases.toArray(String[]::new))
                .param("total", totals.toArray(Integer[]::new)).param("met", mets.toArray(Integer[]::new)).update();
    }

    /** Working seconds between the two instants in the calendar, or wall-clock seconds without one; null without an end. */
    static Long seconds(Instant from, Instant to, BusinessCalendar cal) {
        if (to == null) return null;
        if (!to.isAfter(from)) return 0L;
        return (cal == null ? Duration.between(from, to) : BusinessTime.businessTimeBetween(from, to, cal)).toSeconds();
    }

    private BusinessCalendar calendarOrNull(long id) {
        try {
            return calendars.calendar(id);
        } catch (RuntimeException gone) {
            return null;
        }
    }

    private Long defaultCalendarId() {
        if (defaultCalendar.isEmpty()) return null;
        return jdbc.sql("select id from business_calendars where name = :name").param("name", defaultCalendar)
                .query(Long.class).optional().orElse(null);
    }
}
