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

/**
 * Service desk metrics for a period [from, to), per agent (assignee), team or overall:
 * <ul>
 * <li>received: tickets created in the period; solved: tickets whose solved_at falls in it;</li>
 * <li>first response time (created → first public agent reply) of tickets received in the period, and resolution
 * time (created → the latest solve) of tickets solved in it, in business time: median and 90th percentile in seconds
 * (exact, as percentile_cont) over the figures {@link BusinessTimes} stored on each ticket when it happened;</li>
 * <li>first contact resolution %: solved tickets with exactly one public agent reply and never reopened;</li>
 * <li>reopen rate %: solved tickets reopened at least once; SLA compliance %: share of the SLA clocks of tickets
 * solved in the period that were met (counted onto the ticket with its resolution); CSAT %: share of 4–5 answers
 * among surveys answered in the period; QA: mean review score (1–5) of reviews written in the period.</li>
 * </ul>
 * Everything but CSAT and QA reads the tickets row, so a quarter over a million tickets is two index-only range
 * scans of the covering indexes {@code tickets_metrics_created_idx} / {@code tickets_metrics_solved_idx} (V27), one
 * aggregate query each (the weekly chart's counts come out of the same scans as one {@code count(*) filter} per week).
 * PostgreSQL sorts nothing: a hash aggregate hands each group's seconds back unsorted ({@code array_agg}); they are
 * sorted here (a primitive sort of ~100,000 longs a quarter takes a few ms, a tuplesort per group and again for the
 * rollup total took most of the query) and the total is the union of the groups.
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

    ServiceMetrics(JdbcClient jdbc, BusinessTimes businessTimes) {
        this.jdbc = jdbc;
        this.businessTimes = businessTimes;
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
        // one hash aggregate per query, nothing sorted in PostgreSQL: each group's figures come back unsorted
        // (array_agg) and the exact percentiles (as percentile_cont) and the all-groups total are computed here
        String groupTail = groupBy == GroupBy.NONE ? "" : " group by g";
        long[] basis = new long[3];
        long[][] weekly = new long[weekStarts.size()][2];
        // received and first response (stored business seconds), of tickets created in the period
        Map<Long, Figures> received = new LinkedHashMap<>();
        Map<Long, Figures> solvedFigures = new LinkedHashMap<>();
        String receivedSql = """
                        select %s g, count(*) received,
                               array_agg(first_response_business_s) filter (where first_response_business_s is not null),
                               count(first_response_business_s) filter (where business_time_basis = 'POLICY'),
                               count(first_response_business_s) filter (where business_time_basis = 'DEFAULT'),
                               count(first_response_business_s) filter (where business_time_basis = 'WALL_CLOCK')%s
                          from tickets
                         where created_at >= :from and created_at < :to and merged_into_id is null%s"""
                .formatted(key, receivedWeeks.toString().formatted("created_at"), groupTail);
        String solvedSql = """
                        select %s g, count(*) solved,
                               array_agg(resolution_business_s) filter (where resolution_business_s is not null),
                               count(resolution_business_s) filter (where business_time_basis = 'POLICY'),
                               count(resolution_business_s) filter (where business_time_basis = 'DEFAULT'),
                               count(resolution_business_s) filter (where business_time_basis = 'WALL_CLOCK'),
                               count(*) filter (where agent_public_replies = 1 and reopen_count = 0),
                               count(*) filter (where reopen_count > 0),
                               coalesce(sum(sla_clocks_met), 0), coalesce(sum(sla_clocks_total), 0)%s
                          from tickets
                         where solved_at >= :from and solved_at < :to and merged_into_id is null%s"""
                .formatted(key, solvedWeeks.toString().formatted("solved_at"), groupTail);
        var rq = jdbc.sql(receivedSql).param("from", ts(from)).param("to", ts(to));
        var sq = jdbc.sql(solvedSql).param("from", ts(from)).param("to", ts(to));
        for (int i = 0; i < weekStarts.size(); i++) {
            Timestamp w = ts(weekStarts.get(i).atStartOfDay(ZoneOffset.UTC).toInstant());
            rq = rq.param("w" + i, w);
            sq = sq.param("w" + i, w);
        }
        rq.query(rs -> {
            if (rs.getLong(2) == 0) return; // no group by: the one row of an empty period
            received.put((Long) rs.getObject(1), new Figures(rs.getLong(2), longs(rs, 3), new long[0]));
            for (int i = 0; i < 3; i++) basis[i] += rs.getLong(4 + i);
            for (int i = 0; i < weekly.length; i++) weekly[i][0] += rs.getLong(7 + i);
        });
        sq.query(rs -> {
            if (rs.getLong(2) == 0) return;
            solvedFigures.put((Long) rs.getObject(1), new Figures(rs.getLong(2), longs(rs, 3),
                    new long[] {rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10)}));
            for (int i = 0; i < 3; i++) basis[i] += rs.getLong(4 + i);
            for (int i = 0; i < weekly.length; i++) weekly[i][1] += rs.getLong(11 + i);
        });
        received.put(TOTAL, Figures.total(received.values()));
        solvedFigures.put(TOTAL, Figures.total(solvedFigures.values()));
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

        // in the order a rollup would list them (groups by id, unassigned, then the total): ties keep a stable order
        java.util.Set<Long> keys = new java.util.TreeSet<>(java.util.Comparator.nullsLast(
                java.util.Comparator.<Long, Boolean>comparing(k -> k == TOTAL).thenComparing(java.util.Comparator.naturalOrder())));
        keys.addAll(received.keySet());
        keys.addAll(solvedFigures.keySet());
        keys.addAll(csat.keySet());
        keys.addAll(qa.keySet());
        Map<Long, String> names = names(groupBy, keys);
        Row total = null;
        List<Row> groups = new ArrayList<>();
        for (Long k : keys) {
            boolean isTotal = k != null && k == TOTAL;
            Figures rec = received.getOrDefault(k, Figures.NONE);
            Figures so = solvedFigures.getOrDefault(k, Figures.NONE);
            double[] cs = csat.get(k);
            Row row = new Row(isTotal ? null : k, isTotal ? "All" : names.getOrDefault(k, unassigned(groupBy)), rec.count(), so.count(),
                    n(percentileSorted(rec.seconds(), 0.5)), n(percentileSorted(rec.seconds(), 0.9)),
                    n(percentileSorted(so.seconds(), 0.5)), n(percentileSorted(so.seconds(), 0.9)), n(share(so.counts()[2], so.counts()[3])),
                    n(share(so.counts()[0], so.count())), n(share(so.counts()[1], so.count())),
                    cs == null ? null : n(cs[0]), cs == null ? 0L : (long) cs[1], qa.get(k) == null ? null : n(qa.get(k)));
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

    /** {@link #percentile} over values already sorted ascending (percentile_cont computes in float8 as well). */
    static double percentileSorted(long[] v, double p) {
        if (v.length == 0) return Double.NaN;
        double pos = p * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, v.length - 1);
        double first = v[lo], second = v[hi];
        return lo == hi ? first : first + (pos - lo) * (second - first);
    }

    /**
     * One group's figures out of a query: the row count, its stored seconds (sorted ascending) and, for solved
     * tickets, the counts the shares are made of (single-reply unreopened, reopened, SLA clocks met, SLA clocks).
     */
    private record Figures(long count, long[] seconds, long[] counts) {
        static final Figures NONE = new Figures(0, new long[0], new long[4]);

        static Figures total(java.util.Collection<Figures> groups) {
            long count = 0;
            int n = 0;
            long[] counts = new long[4];
            for (Figures f : groups) {
                count += f.count;
                n += f.seconds.length;
                for (int i = 0; i < f.counts.length; i++) counts[i] += f.counts[i];
            }
            long[] all = new long[n];
            int at = 0;
            for (Figures f : groups) {
                System.arraycopy(f.seconds, 0, all, at, f.seconds.length);
                at += f.seconds.length;
            }
            Arrays.sort(all);
            return new Figures(count, all, counts);
        }
    }

    /** The stored seconds of one group (array_agg, unsorted, null when none), sorted ascending. */
    private static long[] longs(ResultSet rs, int col) throws SQLException {
        java.sql.Array array = rs.getArray(col);
        if (array == null) return new long[0];
        Object[] values = (Object[]) array.getArray();
        long[] v = new long[values.length];
        for (int i = 0; i < v.length; i++) v[i] = ((Number) values[i]).longValue();
        Arrays.sort(v);
        return v;
    }

    /** 100 × part ÷ whole as a percentage; NaN (no figure) when the whole is 0. */
    private static double share(long part, long whole) {
        return whole == 0 ? Double.NaN : 100.0 * part / whole;
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
