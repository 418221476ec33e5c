package io.rapport.service;

import io.rapport.service.metrics.SlaCompliance;
import java.time.Instant;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Service desk figures for other modules (the analytics KPIs): SLA compliance as the service dashboard computes it.
 */
@Component
public class ServiceDeskFigures {

    private final ObjectProvider<SlaCompliance> sla;

    ServiceDeskFigures(ObjectProvider<SlaCompliance> sla) {
        this.sla = sla;
    }

    /** Whether an SLA data source is installed (otherwise {@link #slaCompliance} is always null). */
    public boolean hasSla() {
        return sla.getIfAvailable() != null;
    }

    /**
     * Percentage (0–100) of SLA targets met by tickets solved in [from, to), null when no SLA source is installed
     * or no clock stopped in the period.
     */
    public Double slaCompliance(Instant from, Instant to) {
        SlaCompliance source = sla.getIfAvailable();
        return source == null ? null : source.overall(from, to);
    }
}
