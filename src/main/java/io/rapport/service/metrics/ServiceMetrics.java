package io.rapport.service.metrics;

import io.rapport.platform.web.Problems;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Service desk metrics for a period [from, to), per agent (assignee), team or overall:
 * <ul>
 * <li>received: tickets created in the period; solved: tickets whose solved_at falls in it;</li>
 * <li>first response time (created → first public agent reply) of tickets received in the period, and resolution
 * time (created → the latest solve) of tickets solved in it, in business time: median and 90th percentile in seconds
 * (percentile_cont, exact) over the figures {@link BusinessTimes} stored on each ticket when it happened;</li>
 * <li>first contact resolution %: solved tickets with exactly one public agent reply and never reopened;</li>
 * <li>reopen rate %: solved tickets reopened at least once; SLA compliance %: share of the SLA clocks of tickets
 * solved in the period that were met (counted onto the ticket with its resolution); CSAT %: share of 4–5 answers
 * among surveys answered in the period; QA: mean review score (1–5) of reviews written in the period.</li>
 * </ul>
 * Everything but CSAT and QA reads the tickets row, so a quarter over a million tickets is two index-only range
 * scans of the covering indexes {@code tickets_metrics_created_idx} / {@code tickets_metrics_solved_idx} (V27), one
 * aggregate query each (the weekly chart's counts come out of the same scans as one {@code count(*) filter} per week).
 */
@Service
public class ServiceMetrics {

    public enum GroupBy { AGENT, TEAM, NONE }

    public record Row(Long groupId, String groupName, long received, long solved,
                      Double firstResponseMedian, Double firstResponseP90, Double resolutionMedian, Double resolutionP90,
                      Double slaCompliance, Double firstContactResolution, Double reopenRate, Double csat, Long csatAnswers,
                      Double qaAverage) {}

    public record Week(LocalDate week, long received, long solved) {}

    /**
     * Which clock measured the times in the figures (first responses plus resolutions): the calendar of the ticket's
     * SLA policy, the default calendar (tickets no policy matched), or wall-clock (no calendar at all); unmeasured:
     * figures still waiting for the catch-up job, left out of the percentiles.
     */
    public record TimeBasis(long policyCalendar, long defaultCalendar, long wallClock, long unmeasured) {}

    /** timeBasis: "business" (every figure in business time), "wall-clock" (none), or "mixed"; see timeBasisCounts. */
    public record Result(Instant from, Instant to, String groupBy, String timeBasis, TimeBasis timeBasisCounts, Row total,
                         List<Row> groups, List<Week> weeks) {}

    /** Figures the dashboard measures itself before aggregating, when the catch-up job is behind. */
    private static final int MEASURE_ON_READ = 2000;

    private final JdbcClient jdbc;
    private final BusinessTimes businessTimes;
    private final TransactionTemplate tx;

    ServiceMetrics(JdbcClient jdbc, BusinessTimes businessTimes, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.businessTimes = businessTimes;
        this.tx = tx;
    }

    public static GroupBy groupBy(String raw) {
        if (raw == null || raw.isBlank()) return GroupBy.NONE;
        try {
            return GroupBy.valueOf(raw.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problems.invalid("groupBy", "one of agent, team, none");
        }
    }

    /** A date (the day starts at 00:00 UTC) or an instant; {@code to} as a date is inclusive (the day after, exclusive). */
    public static Instant instant(String field, String raw, boolean endOfDay, Instant fallback) {
        if (raw == null || raw.isBlank()) return fallback;
        try {
            if (raw.length() == 10) {
                LocalDate d = LocalDate.parse(raw);
                return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw Problems.invalid(field, "a date such as 2026-10-01 or an ISO-8601 instant");
        }
    }

    public Result compute(Instant from, Instant to, GroupBy groupBy) {
        if (!from.isBefore(to)) throw Problems.invalid("to", "must be after from");
        if (Duration.between(from, to).toDays() > 3660) throw Problems.invalid("from", "the period may span at most ten years");
        String key = switch (groupBy) {
            case AGENT -> "assignee_id";
            case TEAM -> "team_id";
            case NONE -> "null::bigint";
        };
        // figures of this period the catch-up job has not stored yet (none, normally: a tiny partial index says so)
        long unmeasured = 0;
        if (businessTimes.measurePending(from, to, MEASURE_ON_READ) == MEASURE_ON_READ) {
            unmeasured = businessTimes.pendingCount(from, to);
        }
        // the weekly chart's counts come out of the same scans: one count(*) filter per week
        List<LocalDate> weekStarts = weekStarts(from, to);
        StringBuilder receivedWeeks = new StringBuilder(), solvedWeeks = new StringBuilder();
        for (int i = 0; i < weekStarts.size(); i++) {
            String upper = i + 1 < weekStarts.size() ? " and %1$s < :w" + (i + 1) : "";
            receivedWeeks.append(", count(*) filter (where %1$s >= :w").append(i).append(upper.formatted("created_at")).append(')');
            solvedWeeks.append(", count(*) filter (where %1$s >= :w").append(i).append(upper.formatted("solved_at")).append(')');
        }
        // without a group key there is nothing to sort: one plain aggregate; else (g) and the total in one sorted pass
        String tail = groupBy == GroupBy.NONE ? "" : " group by rollup (g)";
        String head = groupBy == GroupBy.NONE ? "select null::bigint g, 1 tot" : "select g, grouping(g) tot";
        long[] basis = new long[3];
        long[][] weekly = new long[weekStarts.size()][2];
        // received and first response (stored business seconds), of tickets created in the period
        Map<Long, long[]> received = new LinkedHashMap<>();
        Map<Long, double[]> firstResponse = new LinkedHashMap<>();
        Map<Long, double[]> solvedFigures = new LinkedHashMap<>();
        String receivedSql = head + """
                        , count(*) received,
                               percentile_cont(0.5) within group (order by first_response_business_s),
                               percentile_cont(0.9) within group (order by first_response_business_s),
                               count(first_response_business_s) filter (where business_time_basis = 'POLICY'),
                               count(first_response_business_s) filter (where business_time_basis = 'DEFAULT'),
                               count(first_response_business_s) filter (where business_time_basis = 'WALL_CLOCK')%s
                          from (select %s g, * from tickets
                                 where created_at >= :from and created_at < :to and merged_into_id is null) t%s"""
                .formatted(receivedWeeks.toString().formatted("created_at"), key, tail);
        String solvedSql = head + """
                        , count(*) solved,
                               percentile_cont(0.5) within group (order by resolution_business_s),
                               percentile_cont(0.9) within group (order by resolution_business_s),
                               100.0 * count(*) filter (where agent_public_replies = 1 and reopen_count = 0) / nullif(count(*), 0),
                               100.0 * count(*) filter (where reopen_count > 0) / nullif(count(*), 0),
                               100.0 * sum(sla_clocks_met) / nullif(sum(sla_clocks_total), 0),
                               count(resolution_business_s) filter (where business_time_basis = 'POLICY'),
                               count(resolution_business_s) filter (where business_time_basis = 'DEFAULT'),
                               count(resolution_business_s) filter (where business_time_basis = 'WALL_CLOCK')%s
                          from (select %s g, * from tickets
                                 where solved_at >= :from and solved_at < :to and merged_into_id is null) t%s"""
                .formatted(solvedWeeks.toString().formatted("solved_at"), key, tail);
        // the sorts of ~125,000 rows a quarter (percentiles, per group) stay in memory rather than spill to disk
        tx.executeWithoutResult(status -> {
            jdbc.sql("set local work_mem = '32MB'").update();
            var rq = jdbc.sql(receivedSql).param("from", ts(from)).param("to", ts(to));
            var sq = jdbc.sql(solvedSql).param("from", ts(from)).param("to", ts(to));
            for (int i = 0; i < weekStarts.size(); i++) {
                Timestamp w = ts(weekStarts.get(i).atStartOfDay(ZoneOffset.UTC).toInstant());
                rq = rq.param("w" + i, w);
                sq = sq.param("w" + i, w);
            }
            rq.query(rs -> {
                Long g = totalKey(rs);
                received.put(g, new long[] {rs.getLong(3)});
                firstResponse.put(g, new double[] {nd(rs, 4), nd(rs, 5)});
                if (g != null && g == TOTAL) {
                    for (int i = 0; i < 3; i++) basis[i] += rs.getLong(6 + i);
                    for (int i = 0; i < weekly.length; i++) weekly[i][0] = rs.getLong(9 + i);
                }
            });
            sq.query(rs -> {
                Long g = totalKey(rs);
                solvedFigures.put(g, new double[] {rs.getLong(3), nd(rs, 4), nd(rs, 5), nd(rs, 6), nd(rs, 7), nd(rs, 8)});
                if (g != null && g == TOTAL) {
                    for (int i = 0; i < 3; i++) basis[i] += rs.getLong(9 + i);
                    for (int i = 0; i < weekly.length; i++) weekly[i][1] = rs.getLong(12 + i);
                }
            });
        });
        Map<Long, double[]> csat = new LinkedHashMap<>();
        jdbc.sql("""
                        select g, grouping(g) tot, 100.0 * count(*) filter (where score >= 4) / nullif(count(*), 0), count(*)
                          from (select %s g, s.score from csat_surveys s join tickets t on t.id = s.ticket_id
                                 where s.answered_at >= :from and s.answered_at < :to) x group by rollup (g)""".formatted(prefixed(key)))
                .param("from", ts(from)).param("to", ts(to))
                .query(rs -> {
                    csat.put(totalKey(rs), new double[] {nd(rs, 3), rs.getLong(4)});
                });
        Map<Long, Double> qa = new LinkedHashMap<>();
        jdbc.sql("""
                        select g, grouping(g) tot, avg(score)
                          from (select %s g, r.score from qa_reviews r join tickets t on t.id = r.ticket_id
                                 where r.created_at >= :from and r.created_at < :to) x group by rollup (g)""".formatted(
                        groupBy == GroupBy.AGENT ? "r.agent_id" : prefixed(key)))
                .param("from", ts(from)).param("to", ts(to))
                .query(rs -> {
                    qa.put(totalKey(rs), nd(rs, 3));
                });

        java.util.Set<Long> keys = new java.util.LinkedHashSet<>();
        keys.addAll(received.keySet());
        keys.addAll(solvedFigures.keySet());
        keys.addAll(csat.keySet());
        keys.addAll(qa.keySet());
        Map<Long, String> names = names(groupBy, keys);
        Row total = null;
        List<Row> groups = new ArrayList<>();
        for (Long k : keys) {
            boolean isTotal = k != null && k == TOTAL;
            long rec = received.getOrDefault(k, new long[] {0})[0];
            double[] fr = firstResponse.getOrDefault(k, new double[] {Double.NaN, Double.NaN});
            double[] so = solvedFigures.getOrDefault(k, new double[] {0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN});
            double[] cs = csat.get(k);
            Row row = new Row(isTotal ? null : k, isTotal ? "All" : names.getOrDefault(k, unassigned(groupBy)), rec, (long) so[0],
                    n(fr[0]), n(fr[1]), n(so[1]), n(so[2]), n(so[5]),
                    n(so[3]), n(so[4]), cs == null ? null : n(cs[0]), cs == null ? 0L : (long) cs[1], qa.get(k) == null ? null : n(qa.get(k)));
            if (isTotal) total = row;
            else if (groupBy != GroupBy.NONE) groups.add(row);
        }
        if (total == null) total = new Row(null, "All", 0, 0, null, null, null, null, null, null, null, null, 0L, null);
        groups.sort(java.util.Comparator.comparing(Row::received).reversed().thenComparing(r -> r.groupName() == null ? "" : r.groupName()));
        TimeBasis counts = new TimeBasis(basis[0], basis[1], basis[2], unmeasured);
        String timeBasis = basis[2] == 0 ? "business" : basis[0] + basis[1] == 0 ? "wall-clock" : "mixed";
        List<Week> weeks = new ArrayList<>();
        for (int i = 0; i < weekStarts.size(); i++) weeks.add(new Week(weekStarts.get(i), weekly[i][0], weekly[i][1]));
        return new Result(from, to, groupBy.name().toLowerCase(), timeBasis, counts, total, groups, weeks);
    }

    /** The Mondays (UTC) of the weeks the period touches, at most 60. */
    private static List<LocalDate> weekStarts(Instant from, Instant to) {
        List<LocalDate> weeks = new ArrayList<>();
        LocalDate last = to.minusNanos(1).atZone(ZoneOffset.UTC).toLocalDate();
        for (LocalDate wk = from.atZone(ZoneOffset.UTC).toLocalDate().with(java.time.DayOfWeek.MONDAY);
             !wk.isAfter(last) && weeks.size() < 60; wk = wk.plusWeeks(1)) {
            weeks.add(wk);
        }
        return weeks;
    }

    /** Linear interpolation between closest ranks, as PostgreSQL's percentile_cont. */
    static double percentile(List<Double> values, double p) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        double pos = p * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, v.length - 1);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }

    private Map<Long, String> names(GroupBy groupBy, java.util.Collection<Long> keys) {
        Map<Long, String> names = new LinkedHashMap<>();
        List<Long> ids = keys.stream().filter(k -> k != null && k != TOTAL).toList();
        if (groupBy == GroupBy.NONE || ids.isEmpty()) return names;
        jdbc.sql("select id, name from " + (groupBy == GroupBy.AGENT ? "users" : "teams") + " where id in (:ids)")
                .param("ids", ids).query(rs -> {
                    names.put(rs.getLong(1), rs.getString(2));
                });
        return names;
    }

    private static String unassigned(GroupBy groupBy) {
        return groupBy == GroupBy.TEAM ? "No team" : "Unassigned";
    }

    /** The rollup's grand-total row is keyed by this sentinel; a group whose key is null is "unassigned". */
    static final long TOTAL = Long.MIN_VALUE;

    private static Long totalKey(ResultSet rs) throws SQLException {
        // rollup marks its grand-total row with grouping(g) = 1 (column 2); g itself is null there as for "unassigned"
        return rs.getInt(2) == 1 ? Long.valueOf(TOTAL) : (Long) rs.getObject(1);
    }

    private static String prefixed(String key) {
        return key.startsWith("null") ? key : "t." + key;
    }

    private static java.sql.Timestamp ts(Instant i) {
        return java.sql.Timestamp.from(i);
    }

    private static double nd(ResultSet rs, int col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? Double.NaN : v;
    }

    private static Double n(double v) {
        return Double.isNaN(v) ? null : round(v);
    }

    private static Double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static final List<String> CSV_COLUMNS = Arrays.asList("group", "received", "solved", "first_response_median_s",
            "first_response_p90_s", "resolution_median_s", "resolution_p90_s", "sla_compliance_pct", "fcr_pct",
            "reopen_rate_pct", "csat_pct", "csat_answers", "qa_average");
}
