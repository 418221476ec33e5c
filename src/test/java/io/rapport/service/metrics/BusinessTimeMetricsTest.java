package io.rapport.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.service.calendars.BusinessCalendars;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PastPeriods;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * First response and resolution times in business time: stored on the ticket when the reply / solve happens (through
 * the API), measured with the calendar of the ticket's SLA policy, the default calendar, or wall-clock without one;
 * the dashboard aggregates the stored figures.
 */
@IntegrationTest
class BusinessTimeMetricsTest {

    /** Office hours, Monday to Friday 09:00–17:00. */
    static final String OFFICE = "{\"MONDAY\":[[\"09:00\",\"17:00\"]],\"TUESDAY\":[[\"09:00\",\"17:00\"]],"
            + "\"WEDNESDAY\":[[\"09:00\",\"17:00\"]],\"THURSDAY\":[[\"09:00\",\"17:00\"]],\"FRIDAY\":[[\"09:00\",\"17:00\"]]}";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    BusinessCalendars calendars;
    @Autowired
    TransactionTemplate tx;
    Api api;
    ApiFixtures fx;
    Long policy;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
    }

    @AfterEach
    void tearDown() {
        if (policy != null) jdbc.sql("delete from sla_policies where id = :id").param("id", policy).update();
    }

    long calendar(String zone) {
        Api.Response r = api.post("/api/v1/business-calendars", fx.admin(),
                "{\"name\":\"" + Api.unique("bt-cal") + "\",\"timeZone\":\"" + zone + "\",\"hours\":" + OFFICE + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    Map<String, Object> stored(long ticket) {
        return jdbc.sql("""
                        select first_response_business_s fr, resolution_business_s res, business_time_basis basis,
                               business_times_pending pending, created_at, first_response_at, solved_at, sla_clocks_total clocks
                          from tickets where id = :id""").param("id", ticket).query().singleRow();
    }

    /** Office-hours seconds between two instants in UTC, counted independently of BusinessTime: minute by minute. */
    static long officeSecondsUtc(Instant from, Instant to) {
        long seconds = 0;
        Instant m = from;
        while (m.isBefore(to)) {
            Instant next = m.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
            if (next.isAfter(to)) next = to;
            LocalDateTime local = LocalDateTime.ofInstant(m, ZoneOffset.UTC);
            boolean weekday = local.getDayOfWeek() != DayOfWeek.SATURDAY && local.getDayOfWeek() != DayOfWeek.SUNDAY;
            if (weekday && local.getHour() >= 9 && local.getHour() < 17) seconds += Duration.between(m, next).toNanos();
            m = next;
        }
        return seconds / 1_000_000_000L;
    }

    static Instant at(Map<String, Object> row, String column) {
        return ((Timestamp) row.get(column)).toInstant();
    }

    @Test
    void realTicketsThroughTheApiAcrossNightsAndAWeekendStoreBusinessTimeAndReSolveMeasuresToTheLatestSolve() {
        long cal = calendar("UTC");
        Api.Response p = api.post("/api/v1/sla-policies", fx.admin(), "{\"name\":\"" + Api.unique("bt-pol") + "\",\"position\":0,"
                + "\"calendarId\":" + cal + ",\"channels\":[\"PHONE\"],\"types\":[\"REQUEST\"],\"priorities\":[\"LOW\"],"
                + "\"firstResponseMinutes\":480,\"resolutionMinutes\":4800}");
        assertThat(p.status()).as(p.body()).isEqualTo(201);
        policy = p.json().get("id").asLong();
        long team = fx.team();
        ApiFixtures.User agent = fx.user("AGENT", team);
        Api.Response created = api.post("/api/v1/tickets", agent.token(), "{\"subject\":\"Invoice copy\",\"body\":\"Please send it\","
                + "\"requesterEmail\":\"" + Api.unique("caller") + "@example.com\",\"channel\":\"PHONE\",\"type\":\"REQUEST\",\"priority\":\"LOW\",\"teamId\":" + team
                + ",\"assigneeId\":" + agent.id() + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(jdbc.sql("select count(*) from ticket_sla_clocks where ticket_id = :id and calendar_id = :cal")
                .param("id", id).param("cal", cal).query(Long.class).single()).as("the policy's clocks").isEqualTo(2);
        // the call came in four days ago, at a quarter past six in the evening: nights and at least one weekend day lie between
        Instant opened = Instant.now().minus(4, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).plus(Duration.ofMinutes(15));
        opened = opened.atZone(ZoneOffset.UTC).withHour(18).toInstant();
        jdbc.sql("update tickets set created_at = :at where id = :id").param("at", Timestamp.from(opened)).param("id", id).update();

        Api.Response reply = api.post("/api/v1/tickets/" + id + "/messages", agent.token(), "{\"body\":\"Attached.\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        Map<String, Object> s = stored(id);
        Instant firstResponse = at(s, "first_response_at");
        long wall = Duration.between(opened, firstResponse).toSeconds();
        assertThat(s.get("basis")).isEqualTo("POLICY");
        assertThat(s.get("pending")).isEqualTo(false);
        assertThat(((Number) s.get("fr")).longValue()).isEqualTo(officeSecondsUtc(opened, firstResponse)).isLessThan(wall / 2);
        assertThat(s.get("res")).isNull();

        JsonNode t = api.get("/api/v1/tickets/" + id, agent.token()).json();
        Api.Response solve = api.patch("/api/v1/tickets/" + id, agent.token(), "{\"status\":\"SOLVED\",\"version\":" + t.get("version").asInt() + "}");
        assertThat(solve.status()).as(solve.body()).isEqualTo(200);
        s = stored(id);
        Instant solved = at(s, "solved_at");
        long firstResolution = ((Number) s.get("res")).longValue();
        assertThat(firstResolution).isEqualTo(officeSecondsUtc(opened, solved)).isLessThan(Duration.between(opened, solved).toSeconds() / 2);
        assertThat(((Number) s.get("clocks")).intValue()).isEqualTo(2);

        // reopened: the resolution is open again; solved again: measured to the latest solve
        jdbc.sql("update tickets set solved_at = solved_at - interval '1 day' where id = :id").param("id", id).update();
        assertThat(stored(id).get("res")).as("changed outside the events: cleared").isNull();
        assertThat(stored(id).get("pending")).isEqualTo(true);
        t = api.get("/api/v1/tickets/" + id, agent.token()).json();
        assertThat(api.patch("/api/v1/tickets/" + id, agent.token(), "{\"status\":\"OPEN\",\"version\":" + t.get("version").asInt() + "}").status())
                .isEqualTo(200);
        s = stored(id);
        assertThat(s.get("solved_at")).isNull();
        assertThat(s.get("res")).isNull();
        assertThat(s.get("pending")).isEqualTo(false);
        t = api.get("/api/v1/tickets/" + id, agent.token()).json();
        assertThat(api.patch("/api/v1/tickets/" + id, agent.token(), "{\"status\":\"SOLVED\",\"version\":" + t.get("version").asInt() + "}").status())
                .isEqualTo(200);
        s = stored(id);
        Instant solvedAgain = at(s, "solved_at");
        assertThat(solvedAgain).isAfterOrEqualTo(solved);
        assertThat(((Number) s.get("res")).longValue()).isEqualTo(officeSecondsUtc(opened, solvedAgain)).isGreaterThanOrEqualTo(firstResolution);

        // the dashboard aggregates the stored figures: the agent's row
        String period = "from=" + LocalDate.ofInstant(opened, ZoneOffset.UTC) + "&to=" + LocalDate.now(ZoneOffset.UTC) + "&groupBy=agent";
        JsonNode r = api.get("/api/v1/service/metrics?" + period, agent.token()).json();
        JsonNode row = null;
        for (JsonNode g : r.get("groups")) if (g.get("groupId").asLong() == agent.id()) row = g;
        assertThat(row).isNotNull();
        assertThat(row.get("received").asLong()).isEqualTo(1);
        assertThat(row.get("firstResponseMedian").asDouble()).isEqualTo((double) ((Number) s.get("fr")).longValue());
        assertThat(row.get("resolutionP90").asDouble()).isEqualTo((double) ((Number) s.get("res")).longValue());
        assertThat(row.get("resolutionMedian").asDouble()).isLessThan(Duration.between(opened, solvedAgain).toSeconds() / 2.0);
        assertThat(row.get("slaCompliance").isNumber()).isTrue();
    }

    @Test
    void storedFiguresAreExactAcrossANightAWeekendAndTimeZonesAndTheResultSaysWhichClockMeasured() {
        // a week of its own in the past: Monday, Europe/Berlin office hours (09:00–17:00 local)
        LocalDate monday = LocalDate.of(1960, 1, 4);  // this class's fortnight (see PastPeriods), emptied first
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Instant from = PastPeriods.start(monday);
        PastPeriods.clearTickets(jdbc, from.minus(Duration.ofDays(7)), from.plus(Duration.ofDays(14)));
        long cal = calendar("Europe/Berlin");
        ApiFixtures.User agent = fx.user("AGENT", null);
        // Wednesday 20:00 → Thursday 09:30 (a night): 30 minutes; solved Thursday 12:00: 3 hours
        long night = ticket(agent, berlin, monday.plusDays(2), "20:00", monday.plusDays(3), "09:30", "12:00", cal);
        // Friday 16:00 → Monday 10:00 (a weekend): 2 hours; solved Tuesday 12:00: 1 + 8 + 3 = 12 hours
        long weekend = ticket(agent, berlin, monday.plusDays(4), "16:00", monday.plusDays(7), "10:00", null, cal);
        jdbc.sql("update tickets set status = 'SOLVED', solved_at = :at where id = :id")
                .param("at", Timestamp.from(monday.plusDays(8).atTime(12, 0).atZone(berlin).toInstant())).param("id", weekend).update();
        // no calendar at all: wall-clock, 3 hours
        long wall = ticket(agent, berlin, monday.plusDays(1), "10:00", monday.plusDays(1), "13:00", null, null);

        JsonNode r = api.get("/api/v1/service/metrics?groupBy=agent&from=" + monday + "&to=" + monday.plusDays(13), fx.admin()).json();
        assertThat(stored(night).get("fr")).isEqualTo(1800L);
        assertThat(stored(night).get("res")).isEqualTo(3 * 3600L);
        assertThat(stored(weekend).get("fr")).isEqualTo(2 * 3600L);
        assertThat(stored(weekend).get("res")).isEqualTo(12 * 3600L);
        assertThat(stored(weekend).get("basis")).isEqualTo("POLICY");
        assertThat(stored(wall).get("fr")).isEqualTo(3 * 3600L);
        assertThat(stored(wall).get("basis")).isEqualTo("WALL_CLOCK");
        assertThat(r.get("timeBasis").asString()).isEqualTo("mixed");
        JsonNode counts = r.get("timeBasisCounts");
        assertThat(counts.get("policyCalendar").asLong()).isEqualTo(4);
        assertThat(counts.get("wallClock").asLong()).isEqualTo(1);
        assertThat(counts.get("unmeasured").asLong()).isZero();
        JsonNode row = r.get("groups").get(0);
        assertThat(row.get("firstResponseMedian").asDouble()).isEqualTo(7200.0);   // of 1800, 7200, 10800
        assertThat(row.get("resolutionMedian").asDouble()).isEqualTo((3 * 3600 + 12 * 3600) / 2.0);
        assertThat(row.get("slaCompliance").asDouble()).as("every clock stopped before its due time").isEqualTo(100.0);

        // the default calendar measures tickets no policy matched
        String name = jdbc.sql("select name from business_calendars where id = :id").param("id", cal).query(String.class).single();
        BusinessTimes withDefault = new BusinessTimes(jdbc, calendars, tx, name);
        jdbc.sql("update tickets set first_response_at = first_response_at + interval '1 hour' where id = :id").param("id", wall).update();
        withDefault.measure(wall);
        // Tuesday 10:00 → 14:00 Berlin, all working time
        assertThat(stored(wall).get("fr")).isEqualTo(4 * 3600L);
        assertThat(stored(wall).get("basis")).isEqualTo("DEFAULT");
    }

    /** A ticket in the past with a first reply (and a solve), with an SLA clock on the calendar when one is given. */
    long ticket(ApiFixtures.User agent, ZoneId zone, LocalDate day, String time, LocalDate replyDay, String replyTime,
                String solvedTime, Long calendar) {
        // one transaction: the catch-up job never sees the ticket without its clocks
        return tx.execute(st -> insertTicket(agent, zone, day, time, replyDay, replyTime, solvedTime, calendar));
    }

    long insertTicket(ApiFixtures.User agent, ZoneId zone, LocalDate day, String time, LocalDate replyDay, String replyTime,
                      String solvedTime, Long calendar) {
        Instant created = day.atTime(java.time.LocalTime.parse(time)).atZone(zone).toInstant();
        Instant replied = replyDay.atTime(java.time.LocalTime.parse(replyTime)).atZone(zone).toInstant();
        Instant solved = solvedTime == null ? null : replyDay.atTime(java.time.LocalTime.parse(solvedTime)).atZone(zone).toInstant();
        long id = jdbc.sql("""
                        insert into tickets (subject, channel, status, assignee_id, created_at, solved_at)
                        values ('Business time', 'API', :s, :a, :c, :solved) returning id""")
                .param("s", solved == null ? "OPEN" : "SOLVED").param("a", agent.id()).param("c", Timestamp.from(created))
                .param("solved", solved == null ? null : Timestamp.from(solved)).query(Long.class).single();
        if (calendar != null) {
            jdbc.sql("""
                    insert into ticket_sla_clocks (ticket_id, metric, calendar_id, target_minutes, started_at, due_at, warn_at, stopped_at)
                    select :t, m, :cal, 600, c, c + interval '10 days', c + interval '9 days', :r
                      from unnest(array['FIRST_RESPONSE', 'RESOLUTION']) m, (select cast(:c as timestamptz) as c) x""")
                    .param("t", id).param("cal", calendar).param("c", Timestamp.from(created)).param("r", Timestamp.from(replied)).update();
        }
        jdbc.sql("""
                insert into ticket_messages (ticket_id, kind, direction, channel, author_user_id, body_text, created_at)
                values (:t, 'PUBLIC', 'OUTBOUND', 'API', :a, 'Reply', :at)""")
                .param("t", id).param("a", agent.id()).param("at", Timestamp.from(replied)).update();
        return id;
    }
}
