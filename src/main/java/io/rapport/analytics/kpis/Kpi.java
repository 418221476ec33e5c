package io.rapport.analytics.kpis;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * One key figure of the executive dashboard, as a Spring bean: the dashboard, its API, CSV and the weekly report
 * show every {@code Kpi} bean in the context, ordered by {@link #order()}. A KPI the installation cannot compute is
 * simply not a bean (churn, retention and CAC plug in as further beans); none reports a made-up value.
 */
public interface Kpi {

    /** Stable key in URLs, JSON and CSV, e.g. {@code nps}. */
    String key();

    String label();

    Unit unit();

    boolean higherIsBetter();

    /** The segment filters this KPI honours; with any other segment selected it is left out (and listed as such). */
    Set<Segment.Type> segments();

    /** Honest note on how current the figure is, shown on the page and in the API. */
    String freshness(Segment segment);

    /** Place on the dashboard, lowest first. */
    int order();

    /**
     * The value over [from, to), over the previous period of the same length, and one point per bucket of the
     * query's grain (an empty list when the KPI is a snapshot without history). Values are null when there is no
     * data, never NaN.
     */
    Figures compute(Query query);

    enum Unit { MONEY, COUNT, PERCENT, SCORE, SECONDS }

    /** Dates are UTC days; {@code to} is exclusive. {@code currency} is the reporting currency for money figures. */
    record Query(LocalDate from, LocalDate to, LocalDate previousFrom, Segment segment, Grain grain, String currency) {

        /** The series' buckets in [from, to): the first and last may be partial. */
        public List<LocalDate> buckets() {
            List<LocalDate> out = new java.util.ArrayList<>();
            for (LocalDate b = from; b.isBefore(to); b = grain.next(b)) out.add(b);
            return out;
        }
    }

    record Point(LocalDate start, Double value) {}

    record Figures(Double value, Double previous, List<Point> series) {

        public static Figures empty() {
            return new Figures(null, null, List.of());
        }
    }
}
