package io.rapport.service.sla.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Demo SLAs, before any demo tickets are opened (order 12, after the customers): office hours and a round-the-clock
 * calendar, three policies (urgent/high, gold and platinum accounts, everything else) and two escalation rules, so
 * demo tickets show running clocks on first start.
 */
@Component
@Order(12)
class DemoSlaSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoSlaSeeder.class);
    private static final String WEEKDAYS = """
            {"MONDAY":[["09:00","12:30"],["13:30","18:00"]],"TUESDAY":[["09:00","12:30"],["13:30","18:00"]],
             "WEDNESDAY":[["09:00","12:30"],["13:30","18:00"]],"THURSDAY":[["09:00","12:30"],["13:30","18:00"]],
             "FRIDAY":[["09:00","12:30"],["13:30","18:00"]],"SATURDAY":[],"SUNDAY":[]}""";
    private static final String ALWAYS = """
            {"MONDAY":[["00:00","24:00"]],"TUESDAY":[["00:00","24:00"]],"WEDNESDAY":[["00:00","24:00"]],
             "THURSDAY":[["00:00","24:00"]],"FRIDAY":[["00:00","24:00"]],"SATURDAY":[["00:00","24:00"]],"SUNDAY":[["00:00","24:00"]]}""";
    private static final String HOLIDAYS = """
            [{"date":"2026-01-01","name":"New Year's Day","recurring":true},
             {"date":"2026-12-25","name":"Christmas Day","recurring":true},
             {"date":"2026-12-26","name":"Boxing Day","recurring":true}]""";

    private final JdbcClient jdbc;
    private final boolean demo;

    DemoSlaSeeder(JdbcClient jdbc, @Value("${rapport.demo}") boolean demo) {
        this.jdbc = jdbc;
        this.demo = demo;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (!demo || jdbc.sql("select exists (select 1 from business_calendars)").query(Boolean.class).single()) return;
        long office = calendar("Office hours", "Europe/London", WEEKDAYS, HOLIDAYS);
        long always = calendar("Around the clock", "UTC", ALWAYS, "[]");
        policy("Urgent and high priority", 1, always, "{URGENT,HIGH}", "{}", 60, 120, 480);
        policy("Gold and platinum accounts", 2, office, "{}", "{GOLD,PLATINUM}", 120, 240, 1440);
        policy("Everyone else", 3, office, "{}", "{}", 480, 480, 2880);
        jdbc.sql("""
                insert into sla_escalation_rules (name, position, metric, raise_priority, notify_manager)
                values ('Missed first response: raise priority, tell the manager', 1, 'FIRST_RESPONSE', true, true),
                       ('Missed resolution: tag and tell the manager', 2, 'RESOLUTION', false, true)""").update();
        jdbc.sql("update sla_escalation_rules set add_tag = 'sla-breached' where metric = 'RESOLUTION' and position = 2").update();
        log.info("Seeded demo SLAs: 2 business calendars, 3 policies, 2 escalation rules");
    }

    private long calendar(String name, String zone, String hours, String holidays) {
        return jdbc.sql("insert into business_calendars (name, time_zone, hours, holidays) values (:n, :z, :h::jsonb, :d::jsonb) returning id")
                .param("n", name).param("z", zone).param("h", hours).param("d", holidays).query(Long.class).single();
    }

    private void policy(String name, int position, long calendar, String priorities, String tiers, int first, int next, int resolution) {
        jdbc.sql("""
                        insert into sla_policies (name, position, calendar_id, priorities, account_tiers,
                                                  first_response_minutes, next_response_minutes, resolution_minutes)
                        values (:n, :p, :c, :pr::text[], :t::text[], :f, :x, :r)""")
                .param("n", name).param("p", position).param("c", calendar).param("pr", priorities).param("t", tiers)
                .param("f", first).param("x", next).param("r", resolution).update();
    }
}
