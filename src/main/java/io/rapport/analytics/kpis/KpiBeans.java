package io.rapport.analytics.kpis;

import static io.rapport.analytics.kpis.DailyKpi.mean;
import static io.rapport.analytics.kpis.DailyKpi.part;
import static io.rapport.analytics.kpis.DailyKpi.percent;

import io.rapport.analytics.kpis.Kpi.Unit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The KPIs this installation computes from its own data. Churn rate, retention rate and CAC are further
 * {@link Kpi} beans contributed by their features; while they are absent the dashboard simply does not show them.
 */
@Configuration
class KpiBeans {

    @Bean
    Kpi revenueKpi(KpiSources s) {
        return new DailyKpi("revenue", "Revenue", Unit.MONEY, true, 10, s::orders, 2, part(1));
    }

    @Bean
    Kpi ordersKpi(KpiSources s) {
        return new DailyKpi("orders", "Orders", Unit.COUNT, true, 20, s::orders, 2, part(0));
    }

    @Bean
    Kpi newCustomersKpi(KpiSources s) {
        return new DailyKpi("new-customers", "New customers", Unit.COUNT, true, 30, s::newCustomers, 1, part(0));
    }

    /** NPS = % promoters (9–10) − % detractors (0–6). */
    @Bean
    Kpi npsKpi(KpiSources s) {
        return new DailyKpi("nps", "NPS", Unit.SCORE, true, 40, (q, f, t) -> s.surveys("NPS", q, f, t), 4,
                p -> p[0] == 0 ? null : 100.0 * (p[2] - p[3]) / p[0]);
    }

    /** CSAT % = share of 4–5 answers. */
    @Bean
    Kpi csatKpi(KpiSources s) {
        return new DailyKpi("csat", "CSAT", Unit.PERCENT, true, 50, (q, f, t) -> s.surveys("CSAT", q, f, t), 4, percent(2, 0));
    }

    /** CES = average effort score (1–7), lower is better. */
    @Bean
    Kpi cesKpi(KpiSources s) {
        return new DailyKpi("ces", "CES (average effort)", Unit.SCORE, false, 60, (q, f, t) -> s.surveys("CES", q, f, t), 4, mean(1, 0));
    }

    @Bean
    Kpi firstContactResolutionKpi(KpiSources s) {
        return new DailyKpi("first-contact-resolution", "First contact resolution", Unit.PERCENT, true, 90, s::tickets, 6, percent(5, 3));
    }

    /** Mean wall-clock seconds from creation to the first public agent reply, of tickets received in the period. */
    @Bean
    Kpi firstResponseKpi(KpiSources s) {
        return new DailyKpi("first-response-time", "First response time (average)", Unit.SECONDS, false, 100, s::tickets, 6, mean(2, 1));
    }

    /** Mean wall-clock seconds from creation to solved, of tickets solved in the period. */
    @Bean
    Kpi resolutionKpi(KpiSources s) {
        return new DailyKpi("resolution-time", "Resolution time (average)", Unit.SECONDS, false, 110, s::tickets, 6, mean(4, 3));
    }
}
