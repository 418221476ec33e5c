package io.rapport.analytics.kpis;

import io.rapport.service.ServiceDeskFigures;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * SLA compliance as the service dashboard computes it (share of SLA clocks of tickets solved in the period that
 * stopped in time), through the service module's API. It is computed live from the clocks per request, so it
 * honours no segment and has no trend series (that would be a query per bucket).
 */
@Component
class SlaKpi implements Kpi {

    private final ServiceDeskFigures service;

    SlaKpi(ServiceDeskFigures service) {
        this.service = service;
    }

    @Override public String key() { return "sla-compliance"; }
    @Override public String label() { return "SLA compliance"; }
    @Override public Unit unit() { return Unit.PERCENT; }
    @Override public boolean higherIsBetter() { return true; }
    @Override public Set<Segment.Type> segments() { return Set.of(); }
    @Override public int order() { return 120; }

    @Override
    public String freshness(Segment segment) {
        return service.hasSla() ? "Live from the SLA clocks of tickets solved in the period; no segment filter, no trend."
                : "No SLA source installed.";
    }

    @Override
    public Figures compute(Query q) {
        if (!service.hasSla()) return Figures.empty();
        Double now = service.slaCompliance(q.from().atStartOfDay(ZoneOffset.UTC).toInstant(), q.to().atStartOfDay(ZoneOffset.UTC).toInstant());
        Double before = service.slaCompliance(q.previousFrom().atStartOfDay(ZoneOffset.UTC).toInstant(), q.from().atStartOfDay(ZoneOffset.UTC).toInstant());
        return new Figures(DailyKpi.finite(now), DailyKpi.finite(before), List.of());
    }
}
