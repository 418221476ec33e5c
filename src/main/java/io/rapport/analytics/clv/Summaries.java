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
            from ranked group by contact_id
            having min(day) >= ?""".formatted(COUNTED);

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

    /**
     * Reads the summaries with {@code copy (…) to stdout}: streamed like a cursor but, unlike a cursor, with the parallel
     * plan (PostgreSQL runs no parallel workers for a cursor read in batches: ≈ 2× slower at 1,000,000 customers).
     * Timestamps travel as epoch microseconds, numbers as PostgreSQL prints them — the same values as a JDBC read.
     */
    Data load(LocalDate asOf, TimeUnit unit) {
        return load(asOf, unit, null);
    }

    /** Customers whose first counted purchase is on or after {@code firstPurchaseFrom} (null: all of them), as of the day. */
    Data load(LocalDate asOf, TimeUnit unit, LocalDate firstPurchaseFrom) {
        String cohort = (firstPurchaseFrom == null ? LocalDate.of(1, 1, 1) : firstPurchaseFrom).toString();
        String end = asOf.plusDays(1).toString(), day = asOf.toString();
        String sql = "copy (select contact_id, x, tx_days, t_days, repeat_value, revenue, orders,"
                + " (extract(epoch from first_at) * 1000000)::bigint, (extract(epoch from last_at) * 1000000)::bigint, currency from ("
                + SQL.replace("ordered_at < ?", "ordered_at < '" + end + "'::date::timestamp at time zone 'UTC'")
                        .replace("?::date", "'" + day + "'::date")
                        .replace("min(day) >= ?", "min(day) >= '" + cohort + "'::date")
                + ") s) to stdout";
        Data d = new Data();
        try (var c = dataSource.getConnection()) {
            var copy = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyOut(sql);
            try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(new org.postgresql.copy.PGCopyInputStream(copy),
                    java.nio.charset.StandardCharsets.UTF_8), 1 << 16)) {
                String line;
                String[] f = new String[10];
                while ((line = in.readLine()) != null) {
                    for (int k = 0, from = 0; k < 10; k++) {
                        int tab = k < 9 ? line.indexOf('\t', from) : line.length();
                        f[k] = line.substring(from, tab);
                        from = tab + 1;
                    }
                    if (d.n == d.contact.length) d.grow();
                    int i = d.n++;
                    d.contact[i] = Long.parseLong(f[0]);
                    d.x[i] = Integer.parseInt(f[1]);
                    d.txDays[i] = Integer.parseInt(f[2]);
                    d.ageDays[i] = Integer.parseInt(f[3]);
                    d.tx[i] = d.txDays[i] / unit.days;
                    d.age[i] = d.ageDays[i] / unit.days;
                    double repeat = Double.parseDouble(f[4]);
                    d.mean[i] = d.x[i] > 0 ? repeat / d.x[i] : 0;
                    d.revenue[i] = Double.parseDouble(f[5]);
                    d.orders[i] = Integer.parseInt(f[6]);
                    d.first[i] = timestamp(Long.parseLong(f[7]));
                    d.last[i] = timestamp(Long.parseLong(f[8]));
                    d.currency[i] = f[9].equals("\\N") ? null : f[9];
                }
            }
        } catch (java.sql.SQLException | java.io.IOException e) {
            throw new org.springframework.dao.DataRetrievalFailureException("CLV summaries failed", e);
        }
        return d;
    }

    private static Timestamp timestamp(long micros) {
        Timestamp t = new Timestamp(Math.floorDiv(micros, 1000));
        t.setNanos((int) Math.floorMod(micros, 1_000_000) * 1000);
        return t;
    }
}
