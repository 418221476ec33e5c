package io.rapport.service.metrics;

import io.rapport.platform.web.Problems;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Service desk metrics for a period [from, to), per agent (assignee), team or overall:
 * <ul>
 * <li>received: tickets created in the period; solved: tickets whose solved_at falls in it;</li>
 * <li>first response time (created → first public agent reply) of tickets received in the period, and resolution
 * time (created → solved) of tickets solved in it: median and 90th percentile in seconds (percentile_cont);</li>
 * <li>first contact resolution %: solved tickets with exactly one public agent reply and never reopened;</li>
 * <li>reopen rate %: solved tickets reopened at least once; CSAT %: share of 4–5 answers among surveys answered in
 * the period; QA: mean review score (1–5) of reviews written in the period; SLA compliance % from {@link SlaCompliance}
 * when the SLA lane provides it, else null ("n/a").</li>
 * </ul>
 * Everything reads the tickets row (first_response_at, solved_at, reopen_count, agent_public_replies), so a quarter
 * over a million tickets is two index range scans. Times are wall-clock unless a {@link BusinessClock} is present.
 */
@Service
public class ServiceMetrics {

    public enum GroupBy { AGENT, TEAM, NONE }

    public record Row(Long groupId, String groupName, long received, long solved,
                      Double firstResponseMedian, Double firstResponseP90, Double resolutionMedian, Double resolutionP90,
                      Double slaCompliance, Double firstContactResolution, Double reopenRate, Double csat, Long csatAnswers,
                      Double qaAverage) {}

    public record Week(LocalDate week, long received, long solved) {}

    public record Result(Instant from, Instant to, String groupBy, String timeBasis, Row total, List<Row> groups, List<Week> weeks) {}

    private final JdbcClient jdbc;
    private final ObjectProvider<BusinessClock> businessClock;
    private final ObjectProvider<SlaCompliance> sla;

    ServiceMetrics(JdbcClient jdbc, ObjectProvider<BusinessClock> businessClock, ObjectProvider<SlaCompliance> sla) {
        this.jdbc = jdbc;
        this.businessClock = businessClock;
        this.sla = sla;
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
        Map<Long, Row> rows = new LinkedHashMap<>();
        BusinessClock clock = businessClock.getIfAvailable();
        // received and first response, of tickets created in the period
        Map<Long, long[]> received = new LinkedHashMap<>();
        Map<Long, double[]> firstResponse = new LinkedHashMap<>();
        jdbc.sql("""
                        select g, grouping(g) tot, count(*) received,
                               percentile_cont(0.5) within group (order by secs),
                               percentile_cont(0.9) within group (order by secs)
                          from (select %s g, extract(epoch from first_response_at - created_at) secs
                                  from tickets where created_at >= :from and created_at < :to and merged_into_id is null) t
                         group by rollup (g)""".formatted(key))
                .param("from", ts(from)).param("to", ts(to))
                .query(rs -> {
                    Long g = totalKey(rs);
                    received.put(g, new long[] {rs.getLong(3)});
                    firstResponse.put(g, new double[] {nd(rs, 4), nd(rs, 5)});
                });
        Map<Long, double[]> solvedFigures = new LinkedHashMap<>();
        jdbc.sql("""
                        select g, grouping(g) tot, count(*) solved,
                               percentile_cont(0.5) within group (order by secs),
                               percentile_cont(0.9) within group (order by secs),
                               100.0 * count(*) filter (where agent_public_replies = 1 and reopen_count = 0) / nullif(count(*), 0),
                               100.0 * count(*) filter (where reopen_count > 0) / nullif(count(*), 0)
                          from (select %s g, extract(epoch from solved_at - created_at) secs, agent_public_replies, reopen_count
                                  from tickets where solved_at >= :from and solved_at < :to and merged_into_id is null) t
                         group by rollup (g)""".formatted(key))
                .param("from", ts(from)).param("to", ts(to))
                .query(rs -> {
                    solvedFigures.put(totalKey(rs), new double[] {rs.getLong(3), nd(rs, 4), nd(rs, 5), nd(rs, 6), nd(rs, 7)});
                });
        if (clock != null) businessTimes(clock, key, from, to, firstResponse, solvedFigures);
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
        SlaCompliance slaSource = sla.getIfAvailable();
        Map<Long, Double> slaByGroup = slaSource == null ? new java.util.HashMap<>() : slaSource.compliance(from, to, groupBy.name().toLowerCase());
        Double slaOverall = slaSource == null ? null : slaSource.overall(from, to);

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
            double[] so = solvedFigures.getOrDefault(k, new double[] {0, Double.NaN, Double.NaN, Double.NaN, Double.NaN});
            double[] cs = csat.get(k);
            Row row = new Row(isTotal ? null : k, isTotal ? "All" : names.getOrDefault(k, unassigned(groupBy)), rec, (long) so[0],
                    n(fr[0]), n(fr[1]), n(so[1]), n(so[2]), isTotal ? slaOverall : slaByGroup.get(k),
                    n(so[3]), n(so[4]), cs == null ? null : n(cs[0]), cs == null ? 0L : (long) cs[1], qa.get(k) == null ? null : n(qa.get(k)));
            if (isTotal) total = row;
            else if (groupBy != GroupBy.NONE) groups.add(row);
        }
        if (total == null) total = new Row(null, "All", 0, 0, null, null, null, null, slaOverall, null, null, null, 0L, null);
        groups.sort(java.util.Comparator.comparing(Row::received).reversed().thenComparing(r -> r.groupName() == null ? "" : r.groupName()));
        return new Result(from, to, groupBy.name().toLowerCase(), clock == null ? "wall-clock" : "business", total, groups, weeks(from, to));
    }

    private List<Week> weeks(Instant from, Instant to) {
        return jdbc.sql("""
                        with w as (select generate_series(date_trunc('week', cast(:from as timestamptz) at time zone 'UTC'),
                                                          cast(:to as timestamptz) at time zone 'UTC', interval '1 week') wk)
                        select w.wk::date,
                               (select count(*) from tickets where created_at >= greatest(w.wk at time zone 'UTC', :from)
                                  and created_at < least((w.wk + interval '1 week') at time zone 'UTC', :to)),
                               (select count(*) from tickets where solved_at >= greatest(w.wk at time zone 'UTC', :from)
                                  and solved_at < least((w.wk + interval '1 week') at time zone 'UTC', :to))
                          from w where w.wk at time zone 'UTC' < :to order by 1 limit 60""")
                .param("from", ts(from)).param("to", ts(to))
                .query((rs, n) -> new Week(rs.getDate(1).toLocalDate(), rs.getLong(2), rs.getLong(3))).list();
    }

    /** With a business clock: the percentiles again, over business durations computed per ticket. */
    private void businessTimes(BusinessClock clock, String key, Instant from, Instant to,
                               Map<Long, double[]> firstResponse, Map<Long, double[]> solved) {
        Map<Long, List<Double>> fr = new LinkedHashMap<>(), res = new LinkedHashMap<>();
        jdbc.sql("select id, " + key + ", created_at, first_response_at from tickets where created_at >= :from and created_at < :to"
                        + " and first_response_at is not null and merged_into_id is null")
                .param("from", ts(from)).param("to", ts(to)).query(rs -> {
                    double s = clock.between(rs.getLong(1), rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant()).toSeconds();
                    fr.computeIfAbsent((Long) rs.getObject(2), x -> new ArrayList<>()).add(s);
                    fr.computeIfAbsent(TOTAL, x -> new ArrayList<>()).add(s);
                });
        jdbc.sql("select id, " + key + ", created_at, solved_at from tickets where solved_at >= :from and solved_at < :to and merged_into_id is null")
                .param("from", ts(from)).param("to", ts(to)).query(rs -> {
                    double s = clock.between(rs.getLong(1), rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant()).toSeconds();
                    res.computeIfAbsent((Long) rs.getObject(2), x -> new ArrayList<>()).add(s);
                    res.computeIfAbsent(TOTAL, x -> new ArrayList<>()).add(s);
                });
        fr.forEach((k, v) -> firstResponse.put(k, new double[] {percentile(v, 0.5), percentile(v, 0.9)}));
        res.forEach((k, v) -> {
            double[] f = solved.get(k);
            if (f != null) {
                f[1] = percentile(v, 0.5);
                f[2] = percentile(v, 0.9);
            }
        });
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
