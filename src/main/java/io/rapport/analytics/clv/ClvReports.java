package io.rapport.analytics.clv;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.Problems;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Reads of customer_values, always limited to the contacts the user may see. */
@Service
class ClvReports {

    record Totals(long customers, BigDecimal historicRevenue, BigDecimal historicMargin, BigDecimal predictedClv,
                  BigDecimal averagePredictedClv, double expectedPurchases, Double averagePAlive) {}

    record Bucket(BigDecimal from, BigDecimal to, long customers, BigDecimal predictedClv) {}

    record TopCustomer(long contactId, String name, int orders, BigDecimal historicRevenue, Double pAlive, Double expectedPurchases,
                       BigDecimal predictedClv) {}

    record Summary(ClvFits.FitRecord fit, LocalDate from, LocalDate to, Double minPAlive, Totals totals, List<Bucket> distribution,
                   List<TopCustomer> topCustomers) {}

    record ContactValue(long contactId, int orders, Instant firstOrderAt, Instant lastOrderAt, String currency,
                        BigDecimal historicRevenue, BigDecimal historicMargin, Double pAlive, Double expectedPurchases,
                        BigDecimal expectedOrderValue, BigDecimal predictedClv, Integer horizonMonths, Long fitId, Instant scoredAt,
                        String note) {}

    private final JdbcClient jdbc;
    private final ClvFits fits;

    ClvReports(JdbcClient jdbc, ClvFits fits) {
        this.jdbc = jdbc;
        this.fits = fits;
    }

    static LocalDate date(String field, String raw) {
        if (raw == null || raw.isBlank()) return null;
        try {
            return LocalDate.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw Problems.invalid(field, "'" + raw + "' is not a date (YYYY-MM-DD)");
        }
    }

    Summary summary(CurrentUser user, String fromRaw, String toRaw, String minPAliveRaw) {
        LocalDate from = date("from", fromRaw), to = date("to", toRaw);
        if (from != null && to != null && to.isBefore(from)) throw Problems.invalid("to", "is before from");
        Double minPAlive = null;
        if (minPAliveRaw != null && !minPAliveRaw.isBlank()) {
            try {
                minPAlive = Double.parseDouble(minPAliveRaw.trim());
            } catch (NumberFormatException e) {
                throw Problems.invalid("minPAlive", "'" + minPAliveRaw + "' is not a number");
            }
            if (!(minPAlive >= 0 && minPAlive <= 1)) throw Problems.invalid("minPAlive", "must be between 0 and 1");
        }
        String where = " from customer_values v join contacts c on c.id = v.contact_id where " + RecordVisibility.condition(user, "c")
                + (from != null ? " and v.first_order_at >= :from" : "") + (to != null ? " and v.first_order_at < :to" : "")
                + (minPAlive != null ? " and v.p_alive >= :minp" : "");
        Params params = new Params(user, from, to, minPAlive);
        Totals totals = params.bind(jdbc.sql("""
                select count(*), coalesce(sum(v.historic_revenue), 0), coalesce(sum(v.historic_margin), 0),
                       coalesce(sum(v.predicted_clv), 0), coalesce(round(avg(v.predicted_clv), 2), 0),
                       coalesce(sum(v.expected_purchases), 0), avg(v.p_alive)""" + where))
                .query((rs, n) -> new Totals(rs.getLong(1), rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(4),
                        rs.getBigDecimal(5), rs.getDouble(6), (Double) rs.getObject(7))).single();
        BigDecimal max = params.bind(jdbc.sql("select max(v.predicted_clv)" + where)).query(BigDecimal.class).optional().orElse(null);
        List<Bucket> distribution = new ArrayList<>();
        if (max != null && totals.customers() > 0) {
            List<BigDecimal> edges = edges(max);
            String array = edges.stream().map(BigDecimal::toPlainString).reduce((x, y) -> x + "," + y).orElse("0");
            List<Object[]> rows = params.bind(jdbc.sql("select width_bucket(v.predicted_clv, array[" + array + "]::numeric[]) as k, count(*), "
                    + "sum(v.predicted_clv)" + where + " and v.predicted_clv is not null group by k order by k"))
                    .query((rs, n) -> new Object[] {rs.getInt(1), rs.getLong(2), rs.getBigDecimal(3)}).list();
            for (int k = 1; k < edges.size(); k++) {
                long count = 0;
                BigDecimal sum = BigDecimal.ZERO;
                for (Object[] r : rows) {
                    // width_bucket gives k for edges[k-1] ≤ v < edges[k]; the top edge is above max, so nothing falls past it
                    if ((Integer) r[0] == k) {
                        count = (Long) r[1];
                        sum = (BigDecimal) r[2];
                    }
                }
                distribution.add(new Bucket(edges.get(k - 1), edges.get(k), count, sum));
            }
        }
        List<TopCustomer> top = params.bind(jdbc.sql("""
                select v.contact_id, trim(c.first_name || ' ' || c.last_name), v.orders, v.historic_revenue, v.p_alive,
                       v.expected_purchases, v.predicted_clv""" + where + " order by v.predicted_clv desc nulls last, v.contact_id limit 10"))
                .query((rs, n) -> new TopCustomer(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getBigDecimal(4), (Double) rs.getObject(5),
                        (Double) rs.getObject(6), rs.getBigDecimal(7))).list();
        return new Summary(fits.current().orElse(null), from, to, minPAlive, totals, distribution, top);
    }

    /** 0, then 1-2.5-5 steps per decade up to the first edge above max. */
    static List<BigDecimal> edges(BigDecimal max) {
        List<BigDecimal> edges = new ArrayList<>(List.of(BigDecimal.ZERO));
        BigDecimal decade = BigDecimal.ONE;
        int guard = 0;
        while (guard++ < 60) {
            for (String m : new String[] {"1", "2.5", "5"}) {
                BigDecimal e = decade.multiply(new BigDecimal(m)).stripTrailingZeros();
                edges.add(e);
                if (e.compareTo(max) > 0) return edges;
            }
            decade = decade.multiply(BigDecimal.TEN);
        }
        return edges;
    }

    private record Params(CurrentUser user, LocalDate from, LocalDate to, Double minPAlive) {
        JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec) {
            spec = RecordVisibility.bind(spec, user);
            if (from != null) spec = spec.param("from", java.sql.Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant()));
            if (to != null) spec = spec.param("to", java.sql.Timestamp.from(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
            if (minPAlive != null) spec = spec.param("minp", minPAlive);
            return spec;
        }
    }

    /** The contact's value; the caller has checked the user may see the contact. */
    ContactValue ofContact(long contactId) {
        Optional<ClvFits.FitRecord> fit = fits.current();
        Integer horizon = fit.map(ClvFits.FitRecord::horizonMonths).orElse(null);
        return jdbc.sql("""
                select contact_id, orders, first_order_at, last_order_at, currency, historic_revenue, historic_margin, p_alive,
                       expected_purchases, expected_order_value, predicted_clv, fit_id, scored_at
                from customer_values where contact_id = :id""").param("id", contactId)
                .query((rs, n) -> new ContactValue(rs.getLong(1), rs.getInt(2), instant(rs.getTimestamp(3)), instant(rs.getTimestamp(4)),
                        rs.getString(5), rs.getBigDecimal(6), rs.getBigDecimal(7), (Double) rs.getObject(8), (Double) rs.getObject(9),
                        rs.getBigDecimal(10), rs.getBigDecimal(11), horizon, (Long) rs.getObject(12), instant(rs.getTimestamp(13)),
                        rs.getObject(8) == null ? "no model fit yet: historic values only" : null))
                .optional()
                .orElseGet(() -> new ContactValue(contactId, 0, null, null, null, BigDecimal.ZERO, BigDecimal.ZERO, null, null, null,
                        null, horizon, null, null, fit.isPresent()
                        ? "no counted orders up to the model's calibration day " + fit.get().asOf() + ": no value predicted"
                        : "no model fit yet and no scored orders"));
    }

    private static Instant instant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
