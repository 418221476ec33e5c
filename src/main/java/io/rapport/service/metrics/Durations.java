package io.rapport.service.metrics;

/** Seconds as people read them on the dashboard: "42 min", "5.3 h", "2.1 d". */
public final class Durations {

    public String human(Double seconds) {
        if (seconds == null) return "—";
        double s = seconds;
        if (s < 3600) return Math.round(s / 60) + " min";
        if (s < 86400 * 2) return String.format(java.util.Locale.ROOT, "%.1f h", s / 3600);
        return String.format(java.util.Locale.ROOT, "%.1f d", s / 86400);
    }

    public String pct(Double value) {
        return value == null ? "n/a" : String.format(java.util.Locale.ROOT, "%.1f%%", value);
    }
}
