package io.rapport.analytics.cohorts;

import io.rapport.analytics.churn.Periods;
import io.rapport.analytics.rfm.Rfm;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.Problems;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Cohort retention by first-purchase month: of the customers whose first counted order fell in a month, the share who
 * ordered in month +1, +2, … Read from {@code cohort_month_counts}, kept by triggers on orders (always current); a SALES
 * or AGENT user's table is computed from the per-contact month activity of the contacts they may see.
 */
@Service
public class CohortRetention {

    public record Cell(int offset, Long customers, Double share) {}

    public record Cohort(LocalDate month, long customers, List<Cell> cells) {}

    public record Result(LocalDate from, LocalDate to, int months, List<Cohort> cohorts, List<Cell> average, String source) {}

    private final JdbcClient jdbc;

    CohortRetention(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Result compute(CurrentUser user, LocalDate from, LocalDate to, int months) {
        Rfm.requireReader(user);
        if (months < 1 || months > 60) throw Problems.invalid("months", "a whole number from 1 to 60");
        LocalDate f = from.withDayOfMonth(1), t = to.withDayOfMonth(1);
        if (t.isBefore(f)) throw Problems.invalid("to", "must not be before from");
        if (ChronoUnit.MONTHS.between(f, t) >= Periods.MAX_PERIODS) throw Problems.invalid("from", "at most " + Periods.MAX_PERIODS + " cohorts at once");
        Map<LocalDate, Map<Integer, Long>> counts = new HashMap<>();
        String source;
        if (!user.role().seesOnlyOwnBook()) {
            source = "cohort_month_counts";
            jdbc.sql("select cohort_month, month_offset, customers from cohort_month_counts where cohort_month between :f and :t and month_offset <= :m")
                    .param("f", f).param("t", t).param("m", months)
                    .query(rs -> {
                        counts.computeIfAbsent(rs.getObject(1, LocalDate.class), k -> new HashMap<>()).put(rs.getInt(2), rs.getLong(3));
                    });
        } else {
            source = "contact_month_activity (own book)";
            var spec = jdbc.sql("""
                    with a as (select a.contact_id, a.month from contact_month_activity a join contacts c on c.id = a.contact_id where %s),
                         fm as (select contact_id, min(month) first_month from a group by contact_id)
                    select fm.first_month, analytics_month_offset(fm.first_month, a.month), count(*)
                      from a join fm using (contact_id)
                     where fm.first_month between :f and :t and analytics_month_offset(fm.first_month, a.month) <= :m
                     group by 1, 2""".formatted(RecordVisibility.condition(user, "c"))).param("f", f).param("t", t).param("m", months);
            RecordVisibility.bind(spec, user).query(rs -> {
                counts.computeIfAbsent(rs.getObject(1, LocalDate.class), k -> new HashMap<>()).put(rs.getInt(2), rs.getLong(3));
            });
        }
        LocalDate current = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
        List<Cohort> cohorts = new ArrayList<>();
        long[] sumCustomers = new long[months + 1], sumBase = new long[months + 1];
        for (LocalDate m = f; !m.isAfter(t); m = m.plusMonths(1)) {
            Map<Integer, Long> row = counts.get(m);
            long size = row == null ? 0 : row.getOrDefault(0, 0L);
            if (size == 0) continue;
            List<Cell> cells = new ArrayList<>();
            for (int k = 0; k <= months; k++) {
                if (m.plusMonths(k).isAfter(current)) {
                    cells.add(new Cell(k, null, null));
                    continue;
                }
                long n = row.getOrDefault(k, 0L);
                cells.add(new Cell(k, n, Periods.share(n, size)));
                sumCustomers[k] += n;
                sumBase[k] += size;
            }
            cohorts.add(new Cohort(m, size, cells));
        }
        List<Cell> average = new ArrayList<>();
        for (int k = 0; k <= months; k++) {
            average.add(new Cell(k, sumBase[k] == 0 ? null : sumCustomers[k], Periods.share(sumCustomers[k], sumBase[k])));
        }
        return new Result(f, t, months, cohorts, average, source);
    }
}
