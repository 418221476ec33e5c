package io.rapport.support;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Periods of the past reserved for tests whose assertions aggregate over dates (dashboards, metrics, cohorts, fits).
 * Every test shares one database, so such a test must own its period: nobody else writes there, and it empties the
 * period before it writes (a reused database keeps earlier runs' rows). Prefer a unique filter (tag, currency,
 * pipeline, agent) over a date; take a new range only when the figure is global, and add it here.
 *
 * <pre>
 *  range          owner                                  what lives there
 *  1801–1895      analytics ChurnRetentionTest           orders, one year per test, emptied first
 *  1900           (nobody: empty-period probes)          ServiceMetricsTest, ChurnRetentionTest
 *  1901–1947      analytics KpiDashboardTest             one odd year per test (even years stay empty), emptied first
 *  1950–1959      service ServiceMetricsTest             tickets, surveys, QA reviews: the week of 1950-01-02
 *  1960–1969      service BusinessTimeMetricsTest        tickets with SLA clocks: the fortnight of 1960-01-04
 *  1970           (nobody: empty-period probe)           AcquisitionApiTest (CAC)
 *  1971           feedback FeedbackResultsTest           survey_responses, emptied first
 *  1980           (nobody: empty-period probe)           ClvApiTest
 *  1990           analytics ClvApiTest                   orders of a fit that must not converge
 *  1997–1999      analytics ClvApiTest / ClvPagesTest    the CDNOW orders (unique contacts, fitted by cohort)
 *  2001           service ClockComplianceTest            solved tickets with SLA clocks: the week of 2001-03-05
 *  2017–2020      analytics AcquisitionApiTest           spend and orders under unique channel names
 *  2031           sales ForecastApiTest, DealPagesTest   deals in unique pipelines
 * </pre>
 * Today's dates are for tests that filter by something they created themselves.
 */
public final class PastPeriods {

    private PastPeriods() {}

    public static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Deletes the tickets created or solved in [from, to) (their messages, clocks, surveys and reviews go with them). */
    public static void clearTickets(JdbcClient jdbc, Instant from, Instant to) {
        jdbc.sql("delete from tickets where created_at >= :f and created_at < :t or solved_at >= :f and solved_at < :t")
                .param("f", Timestamp.from(from)).param("t", Timestamp.from(to)).update();
    }

    /** Empties a whole year of what the dashboards count: orders, tickets, survey answers and acquisition spend. */
    public static void clearYear(JdbcClient jdbc, int year) {
        Instant from = start(LocalDate.of(year, 1, 1)), to = start(LocalDate.of(year + 1, 1, 1));
        jdbc.sql("delete from orders where ordered_at >= :f and ordered_at < :t")
                .param("f", Timestamp.from(from)).param("t", Timestamp.from(to)).update();
        jdbc.sql("delete from survey_responses where answered_at >= :f and answered_at < :t")
                .param("f", Timestamp.from(from)).param("t", Timestamp.from(to)).update();
        jdbc.sql("delete from acquisition_spend where month >= :f and month < :t")
                .param("f", java.sql.Date.valueOf(LocalDate.of(year, 1, 1))).param("t", java.sql.Date.valueOf(LocalDate.of(year + 1, 1, 1)))
                .update();
        clearTickets(jdbc, from, to);
    }
}
