package io.rapport.analytics.personas;

import io.rapport.analytics.journeys.Segment;
import io.rapport.platform.security.CurrentUser;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The behavioural features of each contact, computed in one SQL pass (orders, tickets, the latest NPS answer, the
 * timeline's channel mix), and the model space k-means works in: counts and money as ln(1 + x) (they are heavily
 * skewed), shares as they are, a missing NPS imputed with the run's mean; then standardised (z-scores).
 */
@Component
class PersonaFeatures {

    /** Feature names, in the order of every vector. */
    static final List<String> NAMES = List.of("orders", "revenue", "averageOrderValue", "recencyDays", "tickets",
            "complaintShare", "nps", "digitalShare");
    /** Column headings for the pages, by feature name. */
    static final Map<String, String> LABELS = Map.of("orders", "Orders", "revenue", "Revenue", "averageOrderValue", "Avg order value",
            "recencyDays", "Days since last order", "tickets", "Tickets", "complaintShare", "Complaint share", "nps", "NPS",
            "digitalShare", "Digital share");
    static final int D = NAMES.size();
    private static final boolean[] LOG = {true, true, true, true, true, false, false, false};
    static final int NPS = 6;

    /** Raw features row-major (n × D; NPS is NaN when the contact never answered), with the contacts' lead sources. */
    record Matrix(long[] ids, double[] raw, String[] sources, int n) {}

    private final JdbcClient jdbc;

    PersonaFeatures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static final String SQL = """
            with o as (select contact_id, count(*) n, sum(total) rev, max(ordered_at) last from orders
                        where contact_id is not null and status not in ('CANCELLED','REFUNDED') group by contact_id),
                 t as (select requester_id cid, count(*) n, count(*) filter (where type = 'COMPLAINT') comp from tickets
                        where requester_id is not null and merged_into_id is null group by requester_id),
                 s as (select distinct on (contact_id) contact_id, score from survey_responses
                        where kind = 'NPS' and contact_id is not null order by contact_id, answered_at desc, id desc),
                 a as (select contact_id, count(*) n,
                              count(*) filter (where channel in ('EMAIL','WEB','CHAT','SOCIAL','CAMPAIGN')) dig
                         from activities where contact_id is not null group by contact_id)
            select c.id, coalesce(o.n, 0) orders, coalesce(o.rev, 0) revenue,
                   greatest(0, extract(epoch from now() - coalesce(o.last, c.created_at)) / 86400) recency,
                   coalesce(t.n, 0) tickets, coalesce(t.comp, 0) complaints, s.score nps, coalesce(a.n, 0) acts, coalesce(a.dig, 0) dig,
                   c.source
              from contacts c
              left join o on o.contact_id = c.id left join t on t.cid = c.id
              left join s on s.contact_id = c.id left join a on a.contact_id = c.id
             where %s
             order by c.id""";

    Matrix load(String condition, Map<String, Object> params) {
        int[] size = {0};
        long[][] ids = {new long[1024]};
        double[][] raw = {new double[1024 * D]};
        String[][] sources = {new String[1024]};
        jdbc.sql(SQL.formatted(condition)).params(params).query(rs -> {
            int i = size[0];
            if (i == ids[0].length) {
                ids[0] = java.util.Arrays.copyOf(ids[0], i * 2);
                raw[0] = java.util.Arrays.copyOf(raw[0], i * 2 * D);
                sources[0] = java.util.Arrays.copyOf(sources[0], i * 2);
            }
            ids[0][i] = rs.getLong(1);
            double orders = rs.getLong(2), revenue = rs.getDouble(3), tickets = rs.getLong(5), acts = rs.getLong(8);
            int o = i * D;
            raw[0][o] = orders;
            raw[0][o + 1] = revenue;
            raw[0][o + 2] = orders == 0 ? 0 : revenue / orders;
            raw[0][o + 3] = rs.getDouble(4);
            raw[0][o + 4] = tickets;
            raw[0][o + 5] = tickets == 0 ? 0 : rs.getLong(6) / tickets;
            Object nps = rs.getObject(7);
            raw[0][o + 6] = nps == null ? Double.NaN : ((Number) nps).doubleValue();
            raw[0][o + 7] = acts == 0 ? 0 : rs.getLong(9) / acts;
            sources[0][i] = rs.getString(10);
            size[0]++;
        });
        return new Matrix(ids[0], raw[0], sources[0], size[0]);
    }

    Matrix load(CurrentUser user, Segment segment) {
        return load(segment.condition(user, "c"), segment.params(user));
    }

    /** Raw → model space (ln(1+x) for counts and money), missing NPS left NaN. */
    static double[] transform(Matrix m) {
        double[] t = new double[m.n * D];
        for (int i = 0; i < m.n * D; i++) {
            double v = m.raw[i];
            t[i] = LOG[i % D] ? Math.log1p(Math.max(0, v)) : v;
        }
        return t;
    }

    /** Means and standard deviations per feature over the model space, ignoring missing NPS; never 0 or NaN. */
    static double[][] scale(double[] t, int n) {
        double[] mean = new double[D], sd = new double[D];
        int[] count = new int[D];
        for (int i = 0; i < n; i++) for (int f = 0; f < D; f++) {
            double v = t[i * D + f];
            if (!Double.isNaN(v)) {
                mean[f] += v;
                count[f]++;
            }
        }
        for (int f = 0; f < D; f++) mean[f] = count[f] == 0 ? 0 : mean[f] / count[f];
        for (int i = 0; i < n; i++) for (int f = 0; f < D; f++) {
            double v = t[i * D + f];
            if (!Double.isNaN(v)) sd[f] += (v - mean[f]) * (v - mean[f]);
        }
        for (int f = 0; f < D; f++) {
            sd[f] = count[f] < 2 ? 1 : Math.sqrt(sd[f] / (count[f] - 1));
            if (!(sd[f] > 1e-12)) sd[f] = 1;
        }
        return new double[][] {mean, sd};
    }

    /** Model space → z-scores in place; a missing value becomes 0 (the mean). */
    static double[] standardise(double[] t, int n, double[] mean, double[] sd) {
        double[] z = new double[n * D];
        for (int i = 0; i < n; i++) for (int f = 0; f < D; f++) {
            double v = t[i * D + f];
            z[i * D + f] = Double.isNaN(v) ? 0 : (v - mean[f]) / sd[f];
        }
        return z;
    }
}
