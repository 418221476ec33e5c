package io.rapport.sales.forecast;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.Problems;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The sales forecast by owner or team and close month. Per cell: pipeline (open amount), weighted (open amount ×
 * stage probability), committed (open amount in stages with probability ≥ {@value #COMMITTED_PROBABILITY}%), won;
 * per group and overall: win rate (won ÷ closed) and average sales cycle (days from creation to won). Amounts are
 * never added across currencies: every row carries its currency. Read from the running totals (deal_totals: per
 * stage, owner, team, currency and close month, kept by triggers on deals), so its cost follows the number of
 * owners × months × stages, not the number of deals.
 */
@Service
public class Forecast {

    /** Open deals in a stage at least this likely to close count as committed. */
    public static final int COMMITTED_PROBABILITY = 75;

    public record Cell(Long groupId, String groupName, YearMonth month, String currency, BigDecimal pipeline,
                       BigDecimal weighted, BigDecimal committed, BigDecimal won, long openDeals, long wonDeals, long lostDeals) {}

    public record Summary(Long groupId, String groupName, long wonDeals, long lostDeals, BigDecimal winRate,
                          BigDecimal averageSalesCycleDays) {}

    public record Result(String groupBy, YearMonth from, YearMonth to, Long pipelineId, List<Cell> cells,
                         List<Summary> groups, Summary overall) {}

    private final JdbcClient jdbc;

    Forecast(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Result of(CurrentUser user, String groupBy, String fromRaw, String toRaw, Long pipelineId) {
        String by = groupBy == null || groupBy.isBlank() ? "owner" : groupBy.trim().toLowerCase(Locale.ROOT);
        if (!by.equals("owner") && !by.equals("team")) throw Problems.invalid("groupBy", "'" + groupBy + "' is not owner or team");
        YearMonth from = month("from", fromRaw, YearMonth.now().minusMonths(2));
        YearMonth to = month("to", toRaw, from.plusMonths(11));
        if (to.isBefore(from)) throw Problems.invalid("to", "is before from");
        if (from.plusMonths(120).isBefore(to)) throw Problems.invalid("to", "at most 10 years after from");
        String column = by.equals("owner") ? "owner_id" : "team_id";
        String names = by.equals("owner") ? "users" : "teams";
        String sql = """
                with cells as (
                  select t.%1$s as gid, t.close_month as month, t.currency,
                         coalesce(sum(t.amount) filter (where s.outcome = 'OPEN'), 0) as pipeline,
                         coalesce(sum(t.amount * s.probability) filter (where s.outcome = 'OPEN'), 0) / 100 as weighted,
                         coalesce(sum(t.amount) filter (where s.outcome = 'OPEN' and s.probability >= :committed), 0) as committed,
                         coalesce(sum(t.amount) filter (where s.outcome = 'WON'), 0) as won,
                         coalesce(sum(t.deals) filter (where s.outcome = 'OPEN'), 0) as open_n,
                         coalesce(sum(t.deals) filter (where s.outcome = 'WON'), 0) as won_n,
                         coalesce(sum(t.deals) filter (where s.outcome = 'LOST'), 0) as lost_n,
                         coalesce(sum(t.cycle_seconds) filter (where s.outcome = 'WON'), 0) as cycle_seconds
                    from deal_totals t join pipeline_stages s on s.id = t.stage_id
                   where t.close_month >= :from and t.close_month < :to and (cast(:pipeline as bigint) is null or s.pipeline_id = :pipeline)
                     and %2$s
                   group by 1, 2, 3
                  having sum(t.deals) > 0)
                select c.*, g.name as group_name from cells c left join %3$s g on g.id = c.gid
                 order by g.name nulls last, c.gid, c.month, c.currency""".formatted(column, RecordVisibility.condition(user, "t"), names);
        List<Cell> cells = new ArrayList<>();
        Map<Long, long[]> counts = new TreeMap<>(java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()));
        Map<Long, double[]> cycles = new TreeMap<>(java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()));
        Map<Long, String> groupNames = new java.util.HashMap<>();
        RecordVisibility.bind(jdbc.sql(sql), user)
                .param("committed", COMMITTED_PROBABILITY).param("from", from.atDay(1)).param("to", to.plusMonths(1).atDay(1))
                .param("pipeline", pipelineId)
                .query(rs -> {
                    long rawGid = rs.getLong("gid");
                    Long gid = rawGid == 0 ? null : rawGid;  // 0: no owner / no team
                    String name = rs.getString("group_name");
                    cells.add(new Cell(gid, name, YearMonth.from(rs.getDate("month").toLocalDate()), rs.getString("currency"),
                            rs.getBigDecimal("pipeline"), rs.getBigDecimal("weighted").setScale(2, RoundingMode.HALF_UP),
                            rs.getBigDecimal("committed"), rs.getBigDecimal("won"), rs.getLong("open_n"),
                            rs.getLong("won_n"), rs.getLong("lost_n")));
                    groupNames.put(gid, name);
                    long[] c = counts.computeIfAbsent(gid, k -> new long[2]);
                    c[0] += rs.getLong("won_n");
                    c[1] += rs.getLong("lost_n");
                    double[] cy = cycles.computeIfAbsent(gid, k -> new double[1]);
                    cy[0] += rs.getDouble("cycle_seconds");
                });
        List<Summary> groups = new ArrayList<>();
        long won = 0, lost = 0;
        double cycleSeconds = 0;
        for (var e : counts.entrySet()) {
            long[] c = e.getValue();
            double cy = cycles.get(e.getKey())[0];
            groups.add(summary(e.getKey(), groupNames.get(e.getKey()), c[0], c[1], cy));
            won += c[0];
            lost += c[1];
            cycleSeconds += cy;
        }
        return new Result(by, from, to, pipelineId, cells, groups, summary(null, "All", won, lost, cycleSeconds));
    }

    private static Summary summary(Long id, String name, long won, long lost, double cycleSeconds) {
        BigDecimal rate = won + lost == 0 ? null
                : BigDecimal.valueOf(won * 100.0 / (won + lost)).setScale(1, RoundingMode.HALF_UP);
        BigDecimal cycle = won == 0 ? null : BigDecimal.valueOf(cycleSeconds / 86400.0 / won).setScale(1, RoundingMode.HALF_UP);
        return new Summary(id, name == null ? (id == null ? "Unassigned" : "#" + id) : name, won, lost, rate, cycle);
    }

    private static YearMonth month(String field, String raw, YearMonth fallback) {
        if (raw == null || raw.isBlank()) return fallback;
        String v = raw.trim();
        try {
            return v.length() == 7 ? YearMonth.parse(v) : YearMonth.from(LocalDate.parse(v));
        } catch (DateTimeParseException e) {
            throw Problems.invalid(field, "'" + raw + "' is not a month (YYYY-MM) or a date (YYYY-MM-DD)");
        }
    }
}
