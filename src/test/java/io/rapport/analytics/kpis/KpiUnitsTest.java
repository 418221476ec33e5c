package io.rapport.analytics.kpis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rapport.platform.web.ApiProblem;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Buckets, segment parsing, the daily fold and the formatting, without a database. */
class KpiUnitsTest {

    @Test
    void bucketsStartOnMondaysAndFirstsAndTheFirstMayBePartial() {
        LocalDate wed = LocalDate.of(2026, 1, 7);
        assertThat(Grain.WEEK.bucket(LocalDate.of(2026, 1, 11), wed)).isEqualTo(wed);
        assertThat(Grain.WEEK.bucket(LocalDate.of(2026, 1, 12), wed)).isEqualTo(LocalDate.of(2026, 1, 12));
        assertThat(Grain.WEEK.next(wed)).isEqualTo(LocalDate.of(2026, 1, 12));
        assertThat(Grain.MONTH.next(LocalDate.of(2026, 1, 31))).isEqualTo(LocalDate.of(2026, 2, 1));
        assertThat(Grain.forDays(30)).isEqualTo(Grain.DAY);
        assertThat(Grain.forDays(91)).isEqualTo(Grain.WEEK);
        assertThat(Grain.forDays(365)).isEqualTo(Grain.MONTH);
        Kpi.Query q = new Kpi.Query(wed, LocalDate.of(2026, 2, 1), LocalDate.of(2025, 12, 13), null, Grain.WEEK, "EUR");
        assertThat(q.buckets()).containsExactly(wed, LocalDate.of(2026, 1, 12), LocalDate.of(2026, 1, 19), LocalDate.of(2026, 1, 26));
    }

    @Test
    void segmentsParseOrNameTheField() {
        assertThat(Segment.parse(null)).isNull();
        assertThat(Segment.parse(" ")).isNull();
        assertThat(Segment.parse("account:42")).isEqualTo(new Segment(Segment.Type.ACCOUNT, "42"));
        assertThat(Segment.parse("Stage:customer")).isEqualTo(new Segment(Segment.Type.STAGE, "CUSTOMER"));
        assertThat(Segment.parse("tag:VIP Gold")).isEqualTo(new Segment(Segment.Type.TAG, "VIP Gold"));
        for (String bad : List.of("account", "account:", "account:-1", "account:x", "stage:nope", "region:EU", ":x")) {
            assertThatThrownBy(() -> Segment.parse(bad)).as(bad).isInstanceOf(ApiProblem.class);
        }
        assertThat(new Segment(Segment.Type.STAGE, "CUSTOMER").sql("o.contact_id", "o.account_id"))
                .isEqualTo("o.contact_id in (select id from contacts where lifecycle_stage = :segment)");
    }

    @Test
    void ratiosAreComputedFromSummedPartsNotAveragedAndEmptyIsNull() {
        LocalDate from = LocalDate.of(2026, 3, 2);
        DailyKpi.Source source = (q, f, t) -> List.of(
                new DailyKpi.Day(from.minusDays(1), new double[] {1, 0, 0, 1}),   // previous period: one detractor
                new DailyKpi.Day(from, new double[] {1, 10, 1, 0}),              // one promoter
                new DailyKpi.Day(from.plusDays(1), new double[] {3, 15, 0, 3}));  // three detractors
        DailyKpi nps = new DailyKpi("nps", "NPS", Kpi.Unit.SCORE, true, 1, source, 4, p -> p[0] == 0 ? null : 100.0 * (p[2] - p[3]) / p[0]);
        Kpi.Figures f = nps.compute(new Kpi.Query(from, from.plusDays(3), from.minusDays(3), null, Grain.DAY, null));
        assertThat(f.value()).isEqualTo(-50.0);   // (1 − 3) / 4, not the mean of 100 and −100
        assertThat(f.previous()).isEqualTo(-100.0);
        assertThat(f.series()).extracting(Kpi.Point::value).containsExactly(100.0, -100.0, null);
    }

    @Test
    void valuesReadLikePeople() {
        assertThat(KpiFormat.value(null, "MONEY", "EUR")).isEqualTo("—");
        assertThat(KpiFormat.value(12340.4, "MONEY", "EUR")).isEqualTo("EUR 12,340");
        assertThat(KpiFormat.value(42.25, "PERCENT", null)).isEqualTo("42.3%");
        assertThat(KpiFormat.value(10800.0, "SECONDS", null)).isEqualTo("3.0 h");
        KpiDashboard.Tile t = new KpiDashboard.Tile("csat", "CSAT", "PERCENT", true, 80.0, 75.0, 5.0, 6.67, "better", "", List.of());
        assertThat(KpiFormat.change(t)).isEqualTo("+5.0 pts");
        KpiDashboard.Tile r = new KpiDashboard.Tile("revenue", "Revenue", "MONEY", true, 90.0, 100.0, -10.0, -10.0, "worse", "", List.of());
        assertThat(KpiFormat.change(r)).isEqualTo("−10.0%");
        KpiDashboard.Tile ces = new KpiDashboard.Tile("ces", "CES", "SCORE", true, 4.51, 4.53, -0.02, -0.4, "worse", "", List.of());
        assertThat(KpiFormat.change(ces)).isEqualTo("±0.0");   // rounds away: not "−0.0"
        assertThat(KpiDashboard.round(Double.NaN)).isNull();
        assertThat(KpiDashboard.round(1.0 / 3)).isEqualTo(0.33);
    }
}
