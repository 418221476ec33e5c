package io.rapport.analytics.kpis;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.Role;
import io.rapport.platform.web.Problems;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * The executive dashboard: every {@link Kpi} bean over a period and segment, with the previous period of the same
 * length and a trend series. Readable by ADMIN, MANAGER and READ_ONLY: the figures cover the whole business, beyond
 * the own book SALES and AGENT are limited to, and MARKETING has no service-desk access.
 */
@Service
public class KpiDashboard {

    static final Set<Role> READERS = Set.of(Role.ADMIN, Role.MANAGER, Role.READ_ONLY);
    static final int MAX_DAYS = 3660;

    public enum Period { MONTH, QUARTER, YEAR, CUSTOM }

    public record Tile(String key, String label, String unit, boolean higherIsBetter, Double value, Double previous,
                       Double change, Double changePercent, String direction, String freshness, List<Kpi.Point> series) {}

    public record SegmentInfo(String type, String value, String label) {}

    public record Result(String period, LocalDate from, LocalDate to, LocalDate previousFrom, LocalDate previousTo,
                         String grain, SegmentInfo segment, String currency, List<String> currencies, List<Tile> tiles,
                         List<String> notSegmentable) {

        public Tile tile(String key) {
            return tiles.stream().filter(t -> t.key().equals(key)).findFirst().orElse(null);
        }
    }

    private final ObjectProvider<Kpi> kpis;
    private final KpiSources sources;
    private final Clock clock;

    KpiDashboard(ObjectProvider<Kpi> kpis, KpiSources sources, ObjectProvider<Clock> clock) {
        this.kpis = kpis;
        this.sources = sources;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    public static boolean mayRead(CurrentUser user) {
        return user != null && READERS.contains(user.role());
    }

    public static void requireReader(CurrentUser user) {
        if (!mayRead(user)) throw Problems.forbidden("Your role " + (user == null ? "?" : user.role())
                + " cannot see the executive dashboard (ADMIN, MANAGER and READ_ONLY can)");
    }

    public List<Kpi> kpis() {
        return kpis.orderedStream().sorted(java.util.Comparator.comparingInt(Kpi::order)).toList();
    }

    /** Parses the request parameters (400 naming the field) and computes the dashboard. */
    public Result compute(String period, String from, String to, String segment, String currency, String grain) {
        Period p = period(period, from, to);
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate end;
        LocalDate start;
        if (p == Period.CUSTOM) {
            if (from == null || from.isBlank()) throw Problems.invalid("from", "required for a custom period (a date such as 2026-01-01)");
            start = date("from", from);
            end = (to == null || to.isBlank()) ? today.plusDays(1) : date("to", to).plusDays(1);
            if (!start.isBefore(end)) throw Problems.invalid("to", "must not be before from");
            if (ChronoUnit.DAYS.between(start, end) > MAX_DAYS) throw Problems.invalid("from", "the period may span at most ten years");
        } else {
            end = today.plusDays(1);
            start = end.minusDays(switch (p) {
                case MONTH -> 30;
                case QUARTER -> 91;
                default -> 365;
            });
        }
        Segment seg = Segment.parse(segment);
        SegmentInfo info = null;
        if (seg != null) {
            String label = seg.value();
            if (seg.type() == Segment.Type.ACCOUNT) {
                label = sources.accountName(Long.parseLong(seg.value()));
                if (label == null) throw Problems.invalid("segment", "no account " + seg.value());
            }
            info = new SegmentInfo(seg.type().name().toLowerCase(Locale.ROOT), seg.value(), label);
        }
        return compute(p.name().toLowerCase(Locale.ROOT), start, end, seg, info, currency, grain(grain, start, end));
    }

    /** The dashboard over [from, to) (UTC days) and the same length before it. */
    public Result compute(String periodName, LocalDate from, LocalDate to, Segment seg, SegmentInfo info, String currency, Grain grain) {
        long days = ChronoUnit.DAYS.between(from, to);
        LocalDate previousFrom = from.minusDays(days);
        List<String> currencies = sources.currencies(previousFrom, to);
        String cur;
        if (currency == null || currency.isBlank()) {
            cur = currencies.isEmpty() ? null : currencies.get(0);
        } else {
            cur = currency.trim().toUpperCase(Locale.ROOT);
            if (!cur.matches("[A-Z]{3}")) throw Problems.invalid("currency", "a three-letter ISO currency code such as EUR");
        }
        Kpi.Query q = new Kpi.Query(from, to, previousFrom, seg, grain, cur);
        List<Tile> tiles = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Kpi kpi : kpis()) {
            if (seg != null && !kpi.segments().contains(seg.type())) {
                skipped.add(kpi.key());
                continue;
            }
            Kpi.Figures f = kpi.compute(q);
            tiles.add(tile(kpi, f, seg));
        }
        return new Result(periodName, from, to.minusDays(1), previousFrom, from.minusDays(1), grain.name().toLowerCase(Locale.ROOT),
                info, cur, currencies, tiles, skipped);
    }

    private static Tile tile(Kpi kpi, Kpi.Figures f, Segment seg) {
        Double value = round(f.value());
        Double previous = round(f.previous());
        Double change = value == null || previous == null ? null : round(value - previous);
        Double changePercent = value == null || previous == null || previous == 0 ? null : round(100.0 * (value - previous) / Math.abs(previous));
        String direction = change == null ? null : change == 0 ? "same" : (change > 0) == kpi.higherIsBetter() ? "better" : "worse";
        List<Kpi.Point> series = f.series().stream().map(pt -> new Kpi.Point(pt.start(), round(pt.value()))).toList();
        return new Tile(kpi.key(), kpi.label(), kpi.unit().name(), kpi.higherIsBetter(), value, previous, change, changePercent,
                direction, kpi.freshness(seg), series);
    }

    static Double round(Double v) {
        if (v == null || v.isNaN() || v.isInfinite()) return null;
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }

    private static Period period(String raw, String from, String to) {
        if (raw == null || raw.isBlank()) return (from != null && !from.isBlank()) ? Period.CUSTOM : Period.MONTH;
        try {
            return Period.valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problems.invalid("period", "one of month, quarter, year, custom");
        }
    }

    private static Grain grain(String raw, LocalDate from, LocalDate to) {
        if (raw == null || raw.isBlank()) return Grain.forDays(ChronoUnit.DAYS.between(from, to));
        Grain g;
        try {
            g = Grain.valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problems.invalid("grain", "one of day, week, month");
        }
        if (g == Grain.DAY && ChronoUnit.DAYS.between(from, to) > 400) throw Problems.invalid("grain", "day buckets for at most 400 days");
        return g;
    }

    private static LocalDate date(String field, String raw) {
        try {
            LocalDate d = LocalDate.parse(raw.trim());
            if (d.getYear() < 1900 || d.getYear() > 2999) throw Problems.invalid(field, "a date between 1900 and 2999");
            return d;
        } catch (DateTimeParseException e) {
            throw Problems.invalid(field, "a date such as 2026-10-01");
        }
    }
}
