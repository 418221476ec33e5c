package io.rapport.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory percentile (used with a business clock) agrees with PostgreSQL's percentile_cont. */
class PercentileTest {

    @Test
    void interpolatesBetweenClosestRanksAsPercentileCont() {
        List<Double> v = List.of(172800.0, 7200.0, 72000.0, 36000.0);
        assertThat(ServiceMetrics.percentile(v, 0.5)).isEqualTo(54000.0);
        assertThat(ServiceMetrics.percentile(v, 0.9)).isEqualTo(142560.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(ServiceMetrics.percentile(List.of(18000.0), 0.9)).isEqualTo(18000.0);
        assertThat(ServiceMetrics.percentile(List.of(), 0.5)).isNaN();
    }

    @Test
    void durationsReadLikePeople() {
        Durations d = new Durations();
        assertThat(d.human(null)).isEqualTo("—");
        assertThat(d.human(600.0)).isEqualTo("10 min");
        assertThat(d.human(10800.0)).isEqualTo("3.0 h");
        assertThat(d.human(3 * 86400.0)).isEqualTo("3.0 d");
        assertThat(d.pct(null)).isEqualTo("n/a");
        assertThat(d.pct(66.7)).isEqualTo("66.7%");
    }
}
