package io.rapport.feedback.results;

import io.rapport.feedback.SurveyKind;
import io.rapport.platform.web.Problems;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * NPS, CSAT and CES over survey_responses (feedback's own surveys and the service desk's CSAT), in one grouped
 * aggregate per request. NPS = %promoters (9–10) − %detractors (0–6) with the 95% margin of error
 * 1.96·√(var/n), var = (p + d) − (p − d)² the variance of the +1/0/−1 variable; CSAT = share of 4–5 with the
 * binomial margin; CES = mean with 1.96·s/√n. No answers: counts 0 and every figure null (never NaN).
 */
@Service
public class SurveyResults {

    public static final List<String> GROUPS = List.of("none", "month", "stage", "tag", "account", "product", "team", "survey",
            "source", "topic");

    /** One group's figures; value is NPS (−100…100), CSAT % (0…100) or CES mean (1…7). */
    public record Figures(String key, String label, long answers, long promoters, long passives, long detractors,
                          long satisfied, Double value, Double margin, Double average) {
        public double share(long part) {
            return answers == 0 ? 0 : part * 100.0 / answers;
        }
    }

    public record Report(SurveyKind kind, LocalDate from, LocalDate to, String groupBy, Figures total, List<Figures> groups,
                         List<Figures> months) {}

    public record Theme(String topic, long answers, Double sentiment, Double negativeShare) {}

    private final JdbcClient jdbc;

    SurveyResults(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Report report(SurveyKind kind, LocalDate from, LocalDate to, String groupBy) {
        String g = groupBy == null || groupBy.isBlank() ? "none" : groupBy.toLowerCase(java.util.Locale.ROOT);
        if (!GROUPS.contains(g)) throw Problems.invalid("groupBy", "one of " + GROUPS);
        if (from != null && to != null && to.isBefore(from)) throw Problems.invalid("to", "must not be before from");
        Figures total = query(kind, from, to, "none").stream().findFirst().orElse(empty("all", "All"));
        List<Figures> groups = "none".equals(g) ? List.of() : query(kind, from, to, g);
        List<Figures> months = "month".equals(g) ? groups : query(kind, from, to, "month");
        return new Report(kind, from, to, g, total, groups, months);
    }

    /** Topic counts over every kind in the period, with the comments' mean sentiment. */
    public List<Theme> themes(LocalDate from, LocalDate to) {
        return jdbc.sql("""
                        select t.topic, count(*), avg(r.sentiment)::float8, avg(case when r.sentiment < -0.05 then 1.0 else 0 end)::float8
                          from survey_responses r cross join lateral unnest(r.topics) t(topic)
                         where r.answered_at >= :from and r.answered_at < :to
                         group by t.topic order by count(*) desc, t.topic limit 50""")
                .param("from", ts(from, false)).param("to", ts(to, true))
                .query((rs, n) -> new Theme(rs.getString(1), rs.getLong(2), round((Double) rs.getObject(3), 3),
                        round(rs.getObject(4) == null ? null : rs.getDouble(4) * 100, 1))).list();
    }

    static final Map<String, String[]> GROUP_SQL = Map.of(
            // key, label, joins
            "none", new String[]{"'all'", "'All'", ""},
            "month", new String[]{"to_char(r.answered_at at time zone 'UTC', 'YYYY-MM')", "to_char(r.answered_at at time zone 'UTC', 'YYYY-MM')", ""},
            "stage", new String[]{"coalesce(c.lifecycle_stage, 'UNKNOWN')", "coalesce(c.lifecycle_stage, '(no contact)')",
                    "left join contacts c on c.id = r.contact_id"},
            "tag", new String[]{"g.tag", "g.tag", "left join contacts c on c.id = r.contact_id cross join lateral unnest("
                    + "case when coalesce(cardinality(c.tags), 0) = 0 then array['(no tag)'] else c.tags end) g(tag)"},
            "account", new String[]{"coalesce(a.id::text, '-')", "coalesce(a.name, '(no account)')", "left join accounts a on a.id = r.account_id"},
            "product", new String[]{"p.id::text", "p.name", "join (select distinct order_id, product_id from order_lines) ol on ol.order_id = r.order_id "
                    + "join products p on p.id = ol.product_id"},
            "team", new String[]{"coalesce(tm.id::text, '-')", "coalesce(tm.name, '(no team)')",
                    "join tickets tk on tk.id = r.ticket_id left join teams tm on tm.id = tk.team_id"},
            "survey", new String[]{"coalesce(s.id::text, r.source)", "coalesce(s.name, case r.source when 'SERVICE_CSAT' then 'Service CSAT' else r.source end)",
                    "left join surveys s on s.id = r.survey_id"},
            "source", new String[]{"r.source", "r.source", ""},
            "topic", new String[]{"g.topic", "g.topic", "cross join lateral unnest(case when cardinality(r.topics) = 0 then array['(no topic)'] else r.topics end) g(topic)"});

    private List<Figures> query(SurveyKind kind, LocalDate from, LocalDate to, String group) {
        String[] sql = GROUP_SQL.get(group);
        String order = "month".equals(group) ? "1" : "count(*) desc, 2";
        return jdbc.sql("select " + sql[0] + " as k, " + sql[1] + " as l, count(*),"
                        + " count(*) filter (where r.score >= 9), count(*) filter (where r.score between 7 and 8),"
                        + " count(*) filter (where r.score <= 6), count(*) filter (where r.score >= 4),"
                        + " avg(r.score)::float8, coalesce(stddev_samp(r.score), 0)::float8"
                        + " from survey_responses r " + sql[2]
                        + " where r.kind = :kind and r.answered_at >= :from and r.answered_at < :to"
                        + " group by 1, 2 order by " + order + " limit 500")
                .param("kind", kind.name()).param("from", ts(from, false)).param("to", ts(to, true))
                .query((rs, n) -> figures(kind, rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getDouble(8), rs.getDouble(9))).list();
    }

    static Figures figures(SurveyKind kind, String key, String label, long n, long promoters, long passives, long detractors,
                           long satisfied, double mean, double sd) {
        if (n == 0) return empty(key, label);
        Double value;
        Double margin;
        switch (kind) {
            case NPS -> {
                double p = (double) promoters / n;
                double d = (double) detractors / n;
                double var = Math.max(0, p + d - (p - d) * (p - d));
                value = (p - d) * 100;
                margin = 1.96 * Math.sqrt(var / n) * 100;
            }
            case CSAT -> {
                double p = (double) satisfied / n;
                value = p * 100;
                margin = 1.96 * Math.sqrt(p * (1 - p) / n) * 100;
            }
            default -> {
                value = mean;
                margin = n < 2 ? null : 1.96 * sd / Math.sqrt(n);
            }
        }
        if (kind != SurveyKind.NPS) {
            promoters = passives = detractors = 0;
        }
        if (kind != SurveyKind.CSAT) satisfied = 0;
        return new Figures(key, label, n, promoters, passives, detractors, satisfied, round(value, 1), round(margin, 1), round(mean, 2));
    }

    static Figures empty(String key, String label) {
        return new Figures(key, label, 0, 0, 0, 0, 0, null, null, null);
    }

    static Double round(Double v, int places) {
        if (v == null || v.isNaN() || v.isInfinite()) return null;
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }

    static java.sql.Timestamp ts(LocalDate d, boolean end) {
        Instant i = d == null ? (end ? Instant.parse("9999-01-01T00:00:00Z") : Instant.parse("1900-01-01T00:00:00Z"))
                : (end ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
        return java.sql.Timestamp.from(i);
    }
}
