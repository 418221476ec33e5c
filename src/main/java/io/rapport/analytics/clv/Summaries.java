package io.rapport.analytics.clv;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Per-customer transaction summaries as of a calibration end date, in one pass over the orders: orders that count
 * (COMPLETED, PAID, SHIPPED; not PENDING, CANCELLED or REFUNDED) of one contact on one calendar day (UTC) are one
 * transaction with their totals added. x is the number of transactions after the first, t_x the time from the first to
 * the last, T the time from the first to the end of the calibration day, and the mean value is that of the x repeat
 * transactions (0 when x = 0). Historic revenue and order counts come from the same pass.
 */
@Component
class Summaries {

    static final String COUNTED = "('COMPLETED','PAID','SHIPPED')";

    /** The summary query; :end is the first instant after the calibration day, :asOf the calibration day. */
    static final String SQL = """
            with days as (
                select contact_id, (ordered_at at time zone 'UTC')::date as day, sum(total) as value, count(*) as orders,
                       min(ordered_at) as first_at, max(ordered_at) as last_at, max(currency) as currency
                from orders
                where status in %s and contact_id is not null and ordered_at < ?
                group by contact_id, (ordered_at at time zone 'UTC')::date),
            ranked as (select d.*, row_number() over (partition by contact_id order by day) as rn from days d)
            select contact_id, count(*) - 1 as x, max(day) - min(day) as tx_days, ?::date - min(day) as t_days,
                   coalesce(sum(value) filter (where rn > 1), 0) as repeat_value, sum(value) as revenue,
                   sum(orders) as orders, min(first_at) as first_at, max(last_at) as last_at, max(currency) as currency
            from ranked group by contact_id""".formatted(COUNTED);

    /** Column arrays, one entry per customer. */
    static final class Data {
        int n;
        long[] contact = new long[1024];
        int[] x = new int[1024];
        double[] tx = new double[1024];
        double[] age = new double[1024];
        int[] txDays = new int[1024];
        int[] ageDays = new int[1024];
        double[] mean = new double[1024];
        double[] revenue = new double[1024];
        int[] orders = new int[1024];
        Timestamp[] first = new Timestamp[1024];
        Timestamp[] last = new Timestamp[1024];
        String[] currency = new String[1024];

        void grow() {
            int c = contact.length * 2;
            contact = Arrays.copyOf(contact, c);
            x = Arrays.copyOf(x, c);
            tx = Arrays.copyOf(tx, c);
            age = Arrays.copyOf(age, c);
            txDays = Arrays.copyOf(txDays, c);
            ageDays = Arrays.copyOf(ageDays, c);
            mean = Arrays.copyOf(mean, c);
            revenue = Arrays.copyOf(revenue, c);
            orders = Arrays.copyOf(orders, c);
            first = Arrays.copyOf(first, c);
            last = Arrays.copyOf(last, c);
            currency = Arrays.copyOf(currency, c);
        }

        int repeatCustomers() {
            int k = 0;
            for (int i = 0; i < n; i++) if (x[i] > 0) k++;
            return k;
        }

        BgNbd.Data bgNbd() {
            return BgNbd.Data.of(x, tx, age, n);
        }

        /** Customers with repeat transactions of positive mean value (the Gamma-Gamma needs log z̄). */
        GammaGamma.Data gammaGamma() {
            int k = 0;
            for (int i = 0; i < n; i++) if (x[i] > 0 && mean[i] > 0) k++;
            int[] gx = new int[k];
            double[] gm = new double[k];
            for (int i = 0, j = 0; i < n; i++) {
                if (x[i] > 0 && mean[i] > 0) {
                    gx[j] = x[i];
                    gm[j++] = mean[i];
                }
            }
            return new GammaGamma.Data(gx, gm, k);
        }
    }

    private final DataSource dataSource;

    Summaries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Data load(LocalDate asOf, TimeUnit unit) {
        Data d = new Data();
        try (var c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (var ps = c.prepareStatement(SQL)) {
                ps.setFetchSize(20_000);
                ps.setTimestamp(1, Timestamp.from(asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
                ps.setObject(2, asOf);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (d.n == d.contact.length) d.grow();
                        int i = d.n++;
                        d.contact[i] = rs.getLong(1);
                        d.x[i] = rs.getInt(2);
                        d.txDays[i] = rs.getInt(3);
                        d.ageDays[i] = rs.getInt(4);
                        d.tx[i] = d.txDays[i] / unit.days;
                        d.age[i] = d.ageDays[i] / unit.days;
                        double repeat = rs.getDouble(5);
                        d.mean[i] = d.x[i] > 0 ? repeat / d.x[i] : 0;
                        d.revenue[i] = rs.getDouble(6);
                        d.orders[i] = rs.getInt(7);
                        d.first[i] = rs.getTimestamp(8);
                        d.last[i] = rs.getTimestamp(9);
                        d.currency[i] = rs.getString(10);
                    }
                }
            }
            c.commit();
        } catch (java.sql.SQLException e) {
            throw new org.springframework.dao.DataRetrievalFailureException("CLV summaries failed", e);
        }
        return d;
    }
}
