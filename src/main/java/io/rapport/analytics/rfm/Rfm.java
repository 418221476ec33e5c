package io.rapport.analytics.rfm;

import io.rapport.analytics.jobs.AnalyticsJobs;
import io.rapport.analytics.jobs.Snapshots;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.security.Role;
import io.rapport.platform.web.Problems;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * RFM scoring over every customer with at least one order that counts (not cancelled or refunded), read from the
 * trigger-kept {@code contact_order_stats}: recency (last order), frequency (orders) and monetary (revenue) quintile
 * scores 1–5 by rank — ties share the lower score, so 1,000 one-order customers all get the same F — and the named
 * segment of {@link RfmSegment}. Quintiles are business-wide; a SALES or AGENT user sees counts over their own book.
 * <p>
 * Reads come from the snapshot {@link RfmSnapshot} keeps ({@code rfm_scores}, {@code rfm_grid}): current whenever the
 * business is small enough to rescore inline, otherwise refreshed in the background with its age on the page (ADR 0037).
 */
@Service
public class Rfm {

    /**
     * Every scored customer: contact_id, last_order_at, orders, revenue, r, f, m, fm, segment.
     * <p>
     * The score of a value v is {@code 1 + floor(5 * (rank(v) - 1) / N)}, rank() = 1 + the number of values below v.
     * That is ≥ k + 1 exactly when at least m_k = ceil(k·N / 5) values lie below v, i.e. when v is greater than the
     * m_k-th smallest value s[m_k]; so score = 1 + #{k in 1..4 : v > s[m_k]}. The four s[m_k] of each column come from
     * {@code percentile_disc} at (m_k − ½) / N (which picks position ceil(that · N) = m_k without float rounding
     * doubt) — three sorts of single values and one scan instead of three window sorts of whole rows.
     */
    public static final String SCORES = """
            select contact_id, last_order_at, orders, revenue, r, f, m, fm, %s as segment
              from (select q.*, (f + m + 1) / 2 as fm
                      from (select s.contact_id, s.last_order_at, s.orders, s.revenue,
                                   1 + (s.last_order_at > b.rt[1])::int + (s.last_order_at > b.rt[2])::int
                                     + (s.last_order_at > b.rt[3])::int + (s.last_order_at > b.rt[4])::int as r,
                                   1 + (s.orders > b.ft[1])::int + (s.orders > b.ft[2])::int
                                     + (s.orders > b.ft[3])::int + (s.orders > b.ft[4])::int as f,
                                   1 + (s.revenue > b.mt[1])::int + (s.revenue > b.mt[2])::int
                                     + (s.revenue > b.mt[3])::int + (s.revenue > b.mt[4])::int as m
                              from contact_order_stats s,
                                   (select percentile_disc(p) within group (order by c.last_order_at) rt,
                                           percentile_disc(p) within group (order by c.orders) ft,
                                           percentile_disc(p) within group (order by c.revenue) mt
                                      from contact_order_stats c,
                                           (select array[((n + 4) / 5 - 0.5) / n, ((2 * n + 4) / 5 - 0.5) / n,
                                                         ((3 * n + 4) / 5 - 0.5) / n, ((4 * n + 4) / 5 - 0.5) / n]::float8[] p
                                              from (select nullif(count(*), 0) n from contact_order_stats) cnt) pp
                                     group by pp.p) b) q) g""".formatted(RfmSegment.sqlCase());

    public record SegmentRow(String key, String label, String description, long customers, Double share, BigDecimal revenue,
                             Double avgOrders, Double avgRecencyDays) {}

    /** asOf: when the scores were computed (null while the first computation runs); freshness says whether orders changed since. */
    public record Summary(Instant asOf, long customers, BigDecimal revenue, List<SegmentRow> segments, long[][] grid, String mapping,
                          Snapshots.Freshness freshness) {}

    public record Customer(long contactId, String name, int r, int f, int m, String segment, int orders, BigDecimal revenue,
                           Instant lastOrderAt) {}

    public record Scores(long contactId, int r, int f, int m, int fm, String segment, String segmentLabel) {}

    private final JdbcClient jdbc;
    private final Snapshots snapshots;
    private final RfmSnapshot snapshot;
    private final AnalyticsJobs jobs;

    Rfm(JdbcClient jdbc, Snapshots snapshots, RfmSnapshot snapshot, AnalyticsJobs jobs) {
        this.jdbc = jdbc;
        this.snapshots = snapshots;
        this.snapshot = snapshot;
        this.jobs = jobs;
    }

    public static void requireReader(CurrentUser user) {
        // every role reads analytics; SALES and AGENT only over the contacts they may see
        if (user == null) throw Problems.forbidden("Sign in first");
    }

    /** Makes the scores current when that is cheap (or queues their refresh) and says how current they are. */
    public Snapshots.Freshness freshness() {
        return snapshots.ensure(snapshot.spec());
    }

    /**
     * The segments and the grid. Users who see every contact read the {@code rfm_grid} of the snapshot (≤ 25 rows);
     * SALES and AGENT sum the scores of their own book. Average recency is computed now from the summed epochs.
     */
    public Summary summary(CurrentUser user) {
        requireReader(user);
        Snapshots.Freshness freshness = freshness();
        long[][] grid = new long[5][5];
        long[] total = {0};
        BigDecimal[] revenue = {BigDecimal.ZERO};
        var spec = user.role().seesOnlyOwnBook()
                ? RecordVisibility.bind(jdbc.sql("""
                        select x.r, x.fm, x.segment, count(*) n, sum(x.revenue) revenue, sum(x.orders) orders,
                               sum(extract(epoch from now() - x.last_order_at) / 86400) recency
                          from rfm_scores x join contacts c on c.id = x.contact_id where %s group by 1, 2, 3"""
                        .formatted(RecordVisibility.condition(user, "c"))), user)
                : jdbc.sql("""
                        select r, fm, segment, customers, revenue, orders,
                               (customers * extract(epoch from now()) - last_order_epoch) / 86400 recency from rfm_grid""");
        Map<RfmSegment, long[]> counts = new EnumMap<>(RfmSegment.class);
        Map<RfmSegment, double[]> sums = new EnumMap<>(RfmSegment.class);
        Map<RfmSegment, BigDecimal> money = new EnumMap<>(RfmSegment.class);
        spec.query(rs -> {
            int r = rs.getInt(1), fm = rs.getInt(2);
            RfmSegment seg = RfmSegment.parse("segment", rs.getString(3));
            long n = rs.getLong(4);
            grid[r - 1][fm - 1] += n;
            total[0] += n;
            counts.computeIfAbsent(seg, k -> new long[1])[0] += n;
            double[] s = sums.computeIfAbsent(seg, k -> new double[2]);
            s[0] += rs.getDouble(6);
            s[1] += rs.getDouble(7);
            money.merge(seg, rs.getBigDecimal(5), BigDecimal::add);
            revenue[0] = revenue[0].add(rs.getBigDecimal(5));
        });
        List<SegmentRow> rows = new ArrayList<>();
        for (RfmSegment seg : RfmSegment.values()) {
            long n = counts.getOrDefault(seg, new long[1])[0];
            double[] s = sums.getOrDefault(seg, new double[2]);
            rows.add(new SegmentRow(seg.key(), seg.label(), seg.description(), n, io.rapport.analytics.churn.Periods.share(n, total[0]),
                    money.getOrDefault(seg, BigDecimal.ZERO), n == 0 ? null : round1(s[0] / n), n == 0 ? null : round1(s[1] / n)));
        }
        return new Summary(freshness.refreshedAt(), total[0], revenue[0], rows, grid,
                "R, F, M: quintile scores 1–5 by rank (ties share the lower score); FM = round((F + M) / 2); segment from R × FM",
                freshness);
    }

    public List<Customer> customers(CurrentUser user, RfmSegment segment, int limit, int offset) {
        requireReader(user);
        freshness();
        var spec = jdbc.sql("""
                select x.contact_id, trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) name, x.r, x.f, x.m, x.segment,
                       x.orders, x.revenue, x.last_order_at
                  from rfm_scores x join contacts c on c.id = x.contact_id where x.segment = :seg and %s
                 order by x.revenue desc, x.contact_id limit :limit offset :offset""".formatted(RecordVisibility.condition(user, "c")))
                .param("seg", segment.key()).param("limit", limit).param("offset", offset);
        return RecordVisibility.bind(spec, user).query((rs, n) -> new Customer(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                rs.getInt(5), rs.getString(6), rs.getInt(7), rs.getBigDecimal(8), rs.getTimestamp(9).toInstant())).list();
    }

    /** A SQL condition "contact is in this segment" over {@code alias.id}; bind {@code :rfmSegment}. Computed live. */
    public static String inSegment(String alias) {
        return alias + ".id in (select contact_id from (" + SCORES + ") rfm where rfm.segment = :rfmSegment)";
    }

    public Optional<Scores> ofContact(long contactId) {
        freshness();
        return jdbc.sql("select contact_id, r, f, m, fm, segment from rfm_scores where contact_id = :c")
                .param("c", contactId)
                .query((rs, n) -> {
                    RfmSegment seg = RfmSegment.parse("segment", rs.getString(6));
                    return new Scores(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), seg.key(), seg.label());
                }).optional();
    }

    /**
     * Queues tagging every contact of the segment this user may see and change (a background job: a segment can hold
     * hundreds of thousands); the list is then {@code /contacts?tag=…}. Checked here so bad input never queues a job.
     */
    public AnalyticsJobs.Job saveAsList(CurrentUser user, RfmSegment segment, String tag) {
        RecordVisibility.requireWriter(user);
        if (tag == null || tag.isBlank() || tag.trim().length() > 50) throw Problems.invalid("tag", "a tag of 1 to 50 characters");
        Map<String, Object> params = new HashMap<>();
        params.put("segment", segment.key());
        params.put("tag", tag.trim().toLowerCase(java.util.Locale.ROOT));
        params.put("userId", user.id());
        params.put("email", user.email());
        params.put("name", user.name());
        params.put("role", user.role().name());
        if (user.teamId() != null) params.put("teamId", user.teamId());
        return jobs.queue(AnalyticsJobs.Kind.RFM_LIST, params, user.id(), AnalyticsJobs.Join.NONE);
    }

    /** An analyst's "refresh now": the refresh job, or the one already queued or running. */
    public AnalyticsJobs.Job refresh(CurrentUser user) {
        if (user.role() != Role.ADMIN && user.role() != Role.MANAGER && user.role() != Role.MARKETING) {
            throw Problems.forbidden("Your role " + user.role() + " cannot refresh analytics (ADMIN, MANAGER and MARKETING can)");
        }
        return jobs.queue(AnalyticsJobs.Kind.RFM_REFRESH, Map.of(), user.id(), AnalyticsJobs.Join.ACTIVE);
    }

    private static Double round1(double v) {
        return Double.isFinite(v) ? Math.round(v * 10) / 10.0 : null;
    }
}
