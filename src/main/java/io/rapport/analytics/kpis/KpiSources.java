package io.rapport.analytics.kpis;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The daily parts behind the KPIs. Without a segment they come from the rollups of V33 (a few hundred rows per
 * query); with one, from the base tables through their indexes, as the rollups carry no segment keys.
 */
@Component
class KpiSources {

    private static final String COUNTED = "status not in ('CANCELLED', 'REFUNDED')";

    private final JdbcClient jdbc;

    KpiSources(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** [orders (all currencies), revenue (in the query's currency)]. */
    List<DailyKpi.Day> orders(Kpi.Query q, LocalDate from, LocalDate to) {
        if (q.segment() == null) {
            return days("""
                    select day, sum(orders), coalesce(sum(revenue) filter (where currency = :currency), 0)
                      from kpi_daily_orders where day >= :from and day < :to group by day""", q, from, to, 2);
        }
        return days("""
                select (ordered_at at time zone 'UTC')::date, count(*), coalesce(sum(total) filter (where currency = :currency), 0)
                  from orders o where ordered_at >= :fromTs and ordered_at < :toTs and %s and %s group by 1"""
                .formatted(COUNTED, q.segment().sql("o.contact_id", "o.account_id")), q, from, to, 2);
    }

    /** [new customers]: contacts whose first counted order falls on the day. */
    List<DailyKpi.Day> newCustomers(Kpi.Query q, LocalDate from, LocalDate to) {
        if (q.segment() == null) {
            return days("select day, customers from kpi_daily_new_customers where day >= :from and day < :to", q, from, to, 1);
        }
        return days("""
                select (first_order_at at time zone 'UTC')::date, count(*) from kpi_first_orders f
                 where first_order_at >= :fromTs and first_order_at < :toTs and %s group by 1"""
                .formatted(q.segment().sql("f.contact_id", null)), q, from, to, 1);
    }

    /** [answers, score sum, top answers, bottom answers] of one survey kind. */
    List<DailyKpi.Day> surveys(String kind, Kpi.Query q, LocalDate from, LocalDate to) {
        if (q.segment() == null) {
            return days("""
                    select day, answers, score_sum, top, bottom from kpi_daily_surveys
                     where kind = '%s' and day >= :from and day < :to""".formatted(kind), q, from, to, 4);
        }
        return days("""
                select (answered_at at time zone 'UTC')::date, count(*), sum(score),
                       count(*) filter (where (kind = 'NPS' and score >= 9) or (kind = 'CSAT' and score >= 4) or (kind = 'CES' and score <= 2)),
                       count(*) filter (where (kind = 'NPS' and score <= 6) or (kind = 'CSAT' and score <= 2) or (kind = 'CES' and score >= 6))
                  from survey_responses s where kind = '%s' and answered_at >= :fromTs and answered_at < :toTs and %s group by 1"""
                .formatted(kind, q.segment().sql("s.contact_id", "s.account_id")), q, from, to, 4);
    }

    /** [received, responded, response seconds, solved, resolution seconds, first-contact resolutions]. */
    List<DailyKpi.Day> tickets(Kpi.Query q, LocalDate from, LocalDate to) {
        if (q.segment() == null) {
            return days("""
                    select day, received, responded, response_secs, solved, resolve_secs, fcr from kpi_daily_tickets
                     where day >= :from and day < :to""", q, from, to, 6);
        }
        String seg = q.segment().sql("t.requester_id", "t.account_id");
        return days("""
                select day, sum(received), sum(responded), sum(response_secs), sum(solved), sum(resolve_secs), sum(fcr) from (
                    select (created_at at time zone 'UTC')::date as day, count(*) received, count(first_response_at) responded,
                           coalesce(sum(extract(epoch from first_response_at - created_at)), 0) response_secs, 0 solved, 0 resolve_secs, 0 fcr
                      from tickets t where created_at >= :fromTs and created_at < :toTs and merged_into_id is null and %1$s group by 1
                    union all
                    select (solved_at at time zone 'UTC')::date, 0, 0, 0, count(*), sum(extract(epoch from solved_at - created_at)),
                           count(*) filter (where agent_public_replies = 1 and reopen_count = 0)
                      from tickets t where solved_at >= :fromTs and solved_at < :toTs and merged_into_id is null and %1$s group by 1
                ) d group by day""".formatted(seg), q, from, to, 6);
    }

    /** [spend, new customers]: acquisition spend booked on the first day of its month, beside the day's new customers. */
    List<DailyKpi.Day> acquisition(Kpi.Query q, LocalDate from, LocalDate to) {
        Kpi.Query whole = new Kpi.Query(q.from(), q.to(), q.previousFrom(), null, q.grain(), q.currency());
        java.util.Map<LocalDate, double[]> byDay = new java.util.TreeMap<>();
        for (DailyKpi.Day d : days("""
                select month, sum(amount) from acquisition_spend
                 where month >= :from and month < :to and currency = :currency group by month""", whole, from, to, 1)) {
            byDay.computeIfAbsent(d.day(), k -> new double[2])[0] += d.parts()[0];
        }
        for (DailyKpi.Day d : newCustomers(whole, from, to)) byDay.computeIfAbsent(d.day(), k -> new double[2])[1] += d.parts()[0];
        return byDay.entrySet().stream().map(e -> new DailyKpi.Day(e.getKey(), e.getValue())).toList();
    }

    private List<DailyKpi.Day> days(String sql, Kpi.Query q, LocalDate from, LocalDate to, int width) {
        JdbcClient.StatementSpec spec = jdbc.sql(sql)
                .param("from", Date.valueOf(from)).param("to", Date.valueOf(to))
                .param("fromTs", java.sql.Timestamp.from(from.atStartOfDay(java.time.ZoneOffset.UTC).toInstant()))
                .param("toTs", java.sql.Timestamp.from(to.atStartOfDay(java.time.ZoneOffset.UTC).toInstant()))
                .param("currency", q.currency() == null ? "" : q.currency());
        if (q.segment() != null) spec = spec.param("segment", q.segment().value());
        return spec.query((rs, n) -> day(rs, width)).list();
    }

    private static DailyKpi.Day day(ResultSet rs, int width) throws SQLException {
        double[] parts = new double[width];
        for (int i = 0; i < width; i++) parts[i] = rs.getDouble(i + 2);
        return new DailyKpi.Day(rs.getDate(1).toLocalDate(), parts);
    }

    /** Currencies with counted orders in [from, to), most orders first. */
    List<String> currencies(LocalDate from, LocalDate to) {
        return jdbc.sql("""
                        select currency from kpi_daily_orders where day >= :from and day < :to
                         group by currency having sum(orders) > 0 order by sum(orders) desc, currency""")
                .param("from", Date.valueOf(from)).param("to", Date.valueOf(to)).query(String.class).list();
    }

    boolean accountExists(long id) {
        return jdbc.sql("select exists (select 1 from accounts where id = :id)").param("id", id).query(Boolean.class).single();
    }

    String accountName(long id) {
        return jdbc.sql("select name from accounts where id = :id").param("id", id).query(String.class).optional().orElse(null);
    }
}
