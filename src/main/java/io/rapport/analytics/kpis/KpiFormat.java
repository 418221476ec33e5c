package io.rapport.analytics.kpis;

import java.util.Locale;

/** How KPI values read on the page and in the e-mail: "€ 12,340", "42.5%", "+3.2 pts", "5.3 h". */
public final class KpiFormat {

    public static String value(Double v, String unit, String currency) {
        if (v == null) return "—";
        return switch (unit) {
            case "MONEY" -> (currency == null ? "" : currency + " ") + String.format(Locale.ROOT, "%,.0f", v);
            case "COUNT" -> String.format(Locale.ROOT, "%,.0f", v);
            case "PERCENT" -> String.format(Locale.ROOT, "%.1f%%", v);
            case "SECONDS" -> duration(v);
            default -> String.format(Locale.ROOT, "%.1f", v);
        };
    }

    public static String change(KpiDashboard.Tile t) {
        if (t.change() == null) return "";
        double c = t.change();
        String sign = c > 0 ? "+" : c < 0 ? "−" : "±";
        double a = Math.abs(c);
        String size = switch (t.unit()) {
            case "PERCENT" -> String.format(Locale.ROOT, "%.1f pts", a);
            case "SCORE" -> String.format(Locale.ROOT, "%.1f", a);
            case "SECONDS" -> duration(a);
            default -> t.changePercent() == null ? String.format(Locale.ROOT, "%,.0f", a)
                    : String.format(Locale.ROOT, "%.1f%%", Math.abs(t.changePercent()));
        };
        // a change that rounds away reads "±0.0", not "−0.0"
        return (size.replaceAll("[^0-9]", "").matches("0*") ? "±" : sign) + size;
    }

    static String duration(double s) {
        if (s < 3600) return Math.round(s / 60) + " min";
        if (s < 86400 * 2) return String.format(Locale.ROOT, "%.1f h", s / 3600);
        return String.format(Locale.ROOT, "%.1f d", s / 86400);
    }

    // instance methods for templates
    public String v(Double v, String unit, String currency) {
        return value(v, unit, currency);
    }

    public String c(KpiDashboard.Tile t) {
        return change(t);
    }
}
