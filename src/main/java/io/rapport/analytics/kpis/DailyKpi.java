package io.rapport.analytics.kpis;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A KPI computed from additive parts per UTC day (counts and sums), read from a daily rollup — or, with a segment,
 * from the base tables. The value of any span is the formula over the parts summed over its days, so ratios are
 * exact (no average of averages) and the current period, the previous one and every bucket come from one query.
 */
final class DailyKpi implements Kpi {

    /** One UTC day's parts. */
    record Day(LocalDate day, double[] parts) {}

    /** Days with data in [from, to), honouring the query's segment and currency. */
    interface Source {
        List<Day> days(Query query, LocalDate from, LocalDate to);
    }

    private final String key;
    private final String label;
    private final Unit unit;
    private final boolean higherIsBetter;
    private final int order;
    private final Source source;
    private final int width;
    private final Function<double[], Double> formula;

    DailyKpi(String key, String label, Unit unit, boolean higherIsBetter, int order, Source source, int width,
             Function<double[], Double> formula) {
        this.key = key;
        this.label = label;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
        this.order = order;
        this.source = source;
        this.width = width;
        this.formula = formula;
    }

    @Override public String key() { return key; }
    @Override public String label() { return label; }
    @Override public Unit unit() { return unit; }
    @Override public boolean higherIsBetter() { return higherIsBetter; }
    @Override public int order() { return order; }
    @Override public Set<Segment.Type> segments() { return Segment.ALL; }

    @Override
    public String freshness(Segment segment) {
        return segment == null
                ? "Live: daily totals kept by database triggers in the same transaction as every write (UTC days)."
                : "Live: computed from the base tables for this segment (today's segment membership).";
    }

    @Override
    public Figures compute(Query q) {
        double[] current = new double[width];
        double[] previous = new double[width];
        Map<LocalDate, double[]> buckets = new TreeMap<>();
        for (LocalDate b : q.buckets()) buckets.put(b, new double[width]);
        for (Day d : source.days(q, q.previousFrom(), q.to())) {
            boolean inCurrent = !d.day().isBefore(q.from());
            add(inCurrent ? current : previous, d.parts());
            if (inCurrent) {
                double[] bucket = buckets.get(q.grain().bucket(d.day(), q.from()));
                if (bucket != null) add(bucket, d.parts());
            }
        }
        List<Point> series = new ArrayList<>();
        buckets.forEach((start, parts) -> series.add(new Point(start, finite(formula.apply(parts)))));
        return new Figures(finite(formula.apply(current)), finite(formula.apply(previous)), series);
    }

    private static void add(double[] into, double[] parts) {
        for (int i = 0; i < into.length && i < parts.length; i++) into[i] += parts[i];
    }

    static Double finite(Double v) {
        return v == null || v.isNaN() || v.isInfinite() ? null : v;
    }

    // ---------------------------------------------------------------------------------------------- formulas

    static Function<double[], Double> part(int i) {
        return p -> p[i];
    }

    /** 100 · p[num] / p[den], null without a denominator. */
    static Function<double[], Double> percent(int num, int den) {
        return p -> p[den] == 0 ? null : 100.0 * p[num] / p[den];
    }

    /** p[sum] / p[count], null without a count. */
    static Function<double[], Double> mean(int sum, int count) {
        return p -> p[count] == 0 ? null : p[sum] / p[count];
    }
}
