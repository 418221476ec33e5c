package io.rapport.analytics.kpis;

import io.rapport.analytics.churn.ChurnDefinition;
import io.rapport.analytics.churn.ChurnRates;
import io.rapport.analytics.churn.ChurnSettings;
import io.rapport.analytics.churn.Periods;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.Role;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Churn rate, retention rate and CAC on the executive dashboard. Churn and retention come from the churn feature
 * under the business's configured churn definition (monthly periods); CAC is acquisition spend ÷ new customers.
 */
@Configuration
class LoyaltyKpis {

    /** The dashboard is only shown to roles that see every record, so churn is counted over the whole base. */
    private static final CurrentUser WHOLE_BASE = new CurrentUser(0, "kpis@rapport.local", "Executive KPIs", Role.ADMIN, null);

    @Bean
    SharedRates sharedChurnRates(ChurnRates churn, ChurnSettings settings) {
        return new SharedRates(churn, settings);
    }

    @Bean
    Kpi churnRateKpi(SharedRates rates) {
        return new ChurnKpi("churn-rate", "Churn rate (monthly)", false, 70, rates, ChurnRates.Row::churnRate);
    }

    @Bean
    Kpi retentionRateKpi(SharedRates rates) {
        return new ChurnKpi("retention-rate", "Retention rate (monthly)", true, 75, rates, ChurnRates.Row::retentionRate);
    }

    /**
     * Churn and retention are two views of one computation (index reads of the churn spells, or live while they are
     * rebuilt): the two tiles of a dashboard request share it instead of running it twice each. Entries live a few seconds and are keyed by the churn definition's version,
     * so a changed definition is never served from here.
     */
    static final class SharedRates {

        private static final long KEEP_NANOS = 5_000_000_000L;

        private record Key(LocalDate from, LocalDate to, ChurnDefinition definition) {}

        private record Entry(ChurnRates.Result result, long at) {}

        private final ChurnRates churn;
        private final ChurnSettings settings;
        private final Map<Key, Entry> recent = new ConcurrentHashMap<>();

        SharedRates(ChurnRates churn, ChurnSettings settings) {
            this.churn = churn;
            this.settings = settings;
        }

        ChurnRates.Result monthly(LocalDate from, LocalDate to) {
            long now = System.nanoTime();
            recent.values().removeIf(e -> now - e.at() > KEEP_NANOS);
            Key key = new Key(from, to, settings.current());
            Entry hit = recent.get(key);
            if (hit != null) return hit.result();
            ChurnRates.Result result = churn.compute(WHOLE_BASE, from, to, Periods.Unit.MONTH, null);
            recent.put(key, new Entry(result, now));
            return result;
        }
    }

    /** CAC = spend ÷ new customers; spend in the reporting currency, booked on its month's first day. */
    @Bean
    Kpi cacKpi(KpiSources s) {
        DailyKpi daily = new DailyKpi("cac", "Customer acquisition cost", Kpi.Unit.MONEY, false, 35, s::acquisition, 2,
                p -> p[1] == 0 || p[0] == 0 ? null : p[0] / p[1]);
        return new Kpi() {
            @Override public String key() { return daily.key(); }
            @Override public String label() { return daily.label(); }
            @Override public Unit unit() { return daily.unit(); }
            @Override public boolean higherIsBetter() { return false; }
            @Override public Set<Segment.Type> segments() { return Set.of(); }
            @Override public int order() { return daily.order(); }
            @Override public String freshness(Segment segment) {
                return "Live: spend entries by month (on the Acquisition cost page) ÷ new customers of the period; whole business.";
            }
            @Override public Figures compute(Query q) { return daily.compute(q); }
        };
    }

    /** Churn or retention over the months touched by the period; the series has one point per month. */
    private record ChurnKpi(String key, String label, boolean higherIsBetter, int order, SharedRates rates,
                            Function<ChurnRates.Row, Double> rate) implements Kpi {

        @Override public Unit unit() { return Unit.PERCENT; }
        @Override public Set<Segment.Type> segments() { return Set.of(); }

        @Override
        public String freshness(Segment segment) {
            return "Always current under the churn definition set on the Churn & retention page; whole business, by month. "
                    + "No order in N days reads churn spells kept by triggers on orders (computed from the orders while a changed N is rebuilt); "
                    + "P(alive) uses the latest lifetime-value scoring.";
        }

        @Override
        public Figures compute(Query q) {
            LocalDate last = q.to().minusDays(1);
            ChurnRates.Result now = rates.monthly(q.from(), last);
            ChurnRates.Result before = rates.monthly(q.previousFrom(), q.from().minusDays(1));
            List<Point> series = new ArrayList<>();
            for (ChurnRates.Row row : now.periods()) series.add(new Point(row.start(), percent(rate.apply(row))));
            return new Figures(percent(overall(now)), percent(overall(before)), series);
        }

        private Double overall(ChurnRates.Result r) {
            return key.equals("churn-rate") ? r.churnRate() : r.retentionRate();
        }

        private static Double percent(Double share) {
            return DailyKpi.finite(share == null ? null : share * 100);
        }
    }
}
