package io.rapport.analytics.clv;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Demo: after the demo orders exist, one CLV fit as of today (so the lifetime value page and contact cards are alive)
 * and six months of acquisition spend for the demo's contact sources. Runs once: skipped when a fit exists.
 */
@Component
@Order(90)
class DemoClvSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoClvSeeder.class);
    private static final String[][] SPEND = {{"web form", "1800"}, {"referral", "400"}, {"trade show", "2500"}, {"webinar", "900"},
            {"partner", "600"}};

    private final JdbcClient jdbc;
    private final ClvService service;
    private final ClvFits fits;
    private final boolean demo;

    DemoClvSeeder(JdbcClient jdbc, ClvService service, ClvFits fits, @Value("${rapport.demo}") boolean demo) {
        this.jdbc = jdbc;
        this.service = service;
        this.fits = fits;
        this.demo = demo;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!demo || jdbc.sql("select exists (select 1 from clv_fits) or not exists (select 1 from orders)").query(Boolean.class).single()) {
            return;
        }
        if (!jdbc.sql("select exists (select 1 from acquisition_spend)").query(Boolean.class).single()) {
            YearMonth now = YearMonth.now(ZoneOffset.UTC);
            for (int m = 0; m < 6; m++) {
                for (String[] s : SPEND) {
                    jdbc.sql("insert into acquisition_spend (month, channel, amount, currency, note) values (:month, :channel, :amount, 'EUR', 'demo')")
                            .param("month", java.sql.Date.valueOf(now.minusMonths(m).atDay(1))).param("channel", s[0])
                            .param("amount", new java.math.BigDecimal(s[1]).add(java.math.BigDecimal.valueOf(m * 50L))).update();
                }
            }
        }
        try {
            ClvFits.FitRecord f = service.run(LocalDate.now(ZoneOffset.UTC), TimeUnit.WEEKS, fits.defaults(), null);
            log.info("Demo CLV fit: {} on {} customers in {} ms", f.status(), f.customers(), f.durationMs());
        } catch (RuntimeException e) {
            log.warn("Demo CLV fit skipped: {}", e.getMessage());
        }
    }
}
