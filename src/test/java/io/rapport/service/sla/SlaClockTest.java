package io.rapport.service.sla;

import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.service.InboundMessage;
import io.rapport.service.NewTicket;
import io.rapport.service.TicketEvents;
import io.rapport.service.TicketIntake;
import io.rapport.service.escalation.BreachSweep;
import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import io.rapport.support.PageSession;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Clocks driven by ticket events (TicketIntake, published events, status changed in SQL), the sweep, escalation. */
@IntegrationTest
class SlaClockTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TicketIntake intake;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    SlaClocks clocks;
    @Autowired
    BreachSweep sweep;
    Api api;
    ApiFixtures fx;
    SlaFixtures sla;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        sla = new SlaFixtures(api, fx.admin(), jdbc, intake);
    }

    @AfterEach
    void tearDown() {
        sla.dropPolicies();
    }

    record ClockRow(long id, String metric, Instant startedAt, Instant dueAt, Instant pausedAt, long pausedSeconds,
                    Instant stoppedAt, Instant breachedAt, boolean handled, Instant warnedAt) {}

    List<ClockRow> clocksOf(long ticketId) {
        return jdbc.sql("select * from ticket_sla_clocks where ticket_id = :id order by id").param("id", ticketId)
                .query((rs, n) -> new ClockRow(rs.getLong("id"), rs.getString("metric"), at(rs.getTimestamp("started_at")),
                        at(rs.getTimestamp("due_at")), at(rs.getTimestamp("paused_at")), rs.getLong("paused_business_seconds"),
                        at(rs.getTimestamp("stopped_at")), at(rs.getTimestamp("breached_at")), rs.getBoolean("breach_handled"),
                        at(rs.getTimestamp("warned_at")))).list();
    }

    ClockRow open(long ticketId, String metric) {
        return clocksOf(ticketId).stream().filter(c -> c.metric().equals(metric) && c.stoppedAt() == null).findFirst().orElse(null);
    }

    static Instant at(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    PageSession admin() {
        return PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
    }

    Instant slaDueAt(long ticketId) {
        return jdbc.sql("select sla_due_at from tickets where id = :id").param("id", ticketId).query(Timestamp.class).optional()
                .map(Timestamp::toInstant).orElse(null);
    }

    void setStatus(long ticketId, String from, String to) {
        jdbc.sql("update tickets set status = :s where id = :id").param("s", to).param("id", ticketId).update();
        events.publishEvent(new TicketEvents.StatusChanged(ticketId, from, to, null));
    }

    @Test
    void a_new_ticket_gets_first_response_and_resolution_clocks_in_business_time() {
        sla.policy(sla.alwaysCalendar(), 60, 30, 480);
        long t = sla.ticket(null, null);
        ClockRow first = open(t, "FIRST_RESPONSE"), resolution = open(t, "RESOLUTION");
        assertThat(first).isNotNull();
        assertThat(resolution).isNotNull();
        assertThat(open(t, "NEXT_RESPONSE")).isNull();
        assertThat(Duration.between(first.startedAt(), first.dueAt())).isEqualTo(Duration.ofMinutes(60));
        assertThat(Duration.between(resolution.startedAt(), resolution.dueAt())).isEqualTo(Duration.ofHours(8));
        assertThat(slaDueAt(t)).isEqualTo(first.dueAt());
    }

    @Test
    void a_ticket_no_policy_matches_has_no_clocks() {
        sla.policy(sla.alwaysCalendar(), 60, 30, 480);
        long t = intake.open(new NewTicket("Other", NewTicket.Channel.EMAIL, null, null, null, "QUESTION", null, null,
                List.of(), InboundMessage.text("hi", null)));
        // with none of our policies matching, any catch-all from elsewhere may apply; ours must not
        assertThat(jdbc.sql("select count(*) from ticket_sla_clocks c join sla_policies p on p.id = c.policy_id "
                + "where c.ticket_id = :id and p.name like 'pol-%'").param("id", t).query(Long.class).single()).isZero();
        // events for a ticket without clocks (and for no ticket at all) are harmless
        events.publishEvent(new TicketEvents.AgentReplied(t, 1, 1));
        events.publishEvent(new TicketEvents.StatusChanged(t, "NEW", "PENDING", null));
        events.publishEvent(new TicketEvents.CustomerMessageAdded(999_999_999L, 1));
        events.publishEvent(new TicketEvents.StatusChanged(999_999_999L, "PENDING", "OPEN", null));
    }

    @Test
    void office_hours_policy_friday_evening_ticket_is_due_monday() {
        String hours = "{\"MONDAY\":[[\"09:00\",\"18:00\"]],\"TUESDAY\":[[\"09:00\",\"18:00\"]],\"WEDNESDAY\":[[\"09:00\",\"18:00\"]],"
                + "\"THURSDAY\":[[\"09:00\",\"18:00\"]],\"FRIDAY\":[[\"09:00\",\"18:00\"]]}";
        sla.policy(sla.calendar("Europe/Berlin", hours), 120, null, null);
        long t = sla.ticket(null, null);
        jdbc.sql("delete from ticket_sla_clocks where ticket_id = :id").param("id", t).update();
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        clocks.ticketCreated(t, LocalDateTime.parse("2026-12-04T17:00").atZone(berlin).toInstant());
        assertThat(open(t, "FIRST_RESPONSE").dueAt()).isEqualTo(LocalDateTime.parse("2026-12-07T10:00").atZone(berlin).toInstant());
        assertThat(open(t, "RESOLUTION")).isNull();
    }

    @Test
    void replies_stop_response_clocks_and_customer_messages_start_next_response() {
        sla.policy(sla.alwaysCalendar(), 60, 30, 480);
        long t = sla.ticket(null, null);
        // a customer message while the first response is owed starts nothing new
        intake.addCustomerMessage(t, NewTicket.Channel.SOCIAL, InboundMessage.text("hello?", null));
        assertThat(open(t, "NEXT_RESPONSE")).isNull();
        events.publishEvent(new TicketEvents.AgentReplied(t, 1, 1));
        assertThat(open(t, "FIRST_RESPONSE")).isNull();
        assertThat(clocksOf(t).stream().filter(c -> c.metric().equals("FIRST_RESPONSE")).findFirst().orElseThrow().breachedAt()).isNull();
        assertThat(slaDueAt(t)).isEqualTo(open(t, "RESOLUTION").dueAt());

        intake.addCustomerMessage(t, NewTicket.Channel.SOCIAL, InboundMessage.text("and another thing", null));
        ClockRow next = open(t, "NEXT_RESPONSE");
        assertThat(next).isNotNull();
        assertThat(Duration.between(next.startedAt(), next.dueAt())).isEqualTo(Duration.ofMinutes(30));
        assertThat(slaDueAt(t)).isEqualTo(next.dueAt());
        // a second message before the reply keeps the clock running from the first
        intake.addCustomerMessage(t, NewTicket.Channel.SOCIAL, InboundMessage.text("hello??", null));
        assertThat(open(t, "NEXT_RESPONSE").id()).isEqualTo(next.id());
        events.publishEvent(new TicketEvents.AgentReplied(t, 2, 1));
        assertThat(open(t, "NEXT_RESPONSE")).isNull();
        intake.addCustomerMessage(t, NewTicket.Channel.SOCIAL, InboundMessage.text("thanks but", null));
        assertThat(open(t, "NEXT_RESPONSE").id()).isNotEqualTo(next.id());
        assertThat(clocksOf(t).stream().filter(c -> c.metric().equals("NEXT_RESPONSE")).count()).isEqualTo(2);
    }

    @Test
    void pending_pauses_every_clock_and_resuming_pushes_due_by_the_paused_business_time() {
        sla.policy(sla.alwaysCalendar(), 60, null, 480);
        long t = sla.ticket(null, null);
        ClockRow before = open(t, "RESOLUTION");
        Instant t0 = before.startedAt().plus(Duration.ofMinutes(10));
        clocks.statusChanged(t, "OPEN", "PENDING", t0);
        assertThat(open(t, "RESOLUTION").pausedAt()).isEqualTo(t0);
        assertThat(open(t, "FIRST_RESPONSE").pausedAt()).isEqualTo(t0);
        assertThat(slaDueAt(t)).isNull();
        clocks.statusChanged(t, "PENDING", "OPEN", t0.plus(Duration.ofHours(2)));
        ClockRow after = open(t, "RESOLUTION");
        assertThat(after.pausedAt()).isNull();
        assertThat(after.pausedSeconds()).isEqualTo(7200);
        assertThat(after.dueAt()).isEqualTo(before.dueAt().plus(Duration.ofHours(2)));
        assertThat(slaDueAt(t)).isEqualTo(open(t, "FIRST_RESPONSE").dueAt());

        // ON_HOLD does not pause by default (the customer waits on us)
        clocks.statusChanged(t, "OPEN", "ON_HOLD", t0.plus(Duration.ofHours(3)));
        assertThat(open(t, "RESOLUTION").pausedAt()).isNull();

        // through events: status updated in SQL, StatusChanged published
        setStatus(t, "ON_HOLD", "PENDING");
        assertThat(open(t, "RESOLUTION").pausedAt()).isNotNull();
        setStatus(t, "PENDING", "OPEN");
        assertThat(open(t, "RESOLUTION").pausedAt()).isNull();
    }

    @Test
    void solving_stops_clocks_reopening_resumes_resolution_late_stop_counts_as_breach() {
        sla.policy(sla.alwaysCalendar(), 60, null, 480);
        long t = sla.ticket(null, null);
        ClockRow res = open(t, "RESOLUTION");
        // the first response came too late
        clocks.agentReplied(t, clocksOf(t).getFirst().startedAt().plus(Duration.ofMinutes(90)));
        ClockRow first = clocksOf(t).stream().filter(c -> c.metric().equals("FIRST_RESPONSE")).findFirst().orElseThrow();
        assertThat(first.breachedAt()).isEqualTo(first.dueAt());
        Instant solved = res.startedAt().plus(Duration.ofHours(1));
        clocks.statusChanged(t, "OPEN", "SOLVED", solved);
        assertThat(open(t, "RESOLUTION")).isNull();
        assertThat(slaDueAt(t)).isNull();
        clocks.statusChanged(t, "SOLVED", "OPEN", solved.plus(Duration.ofHours(5)));
        ClockRow reopened = open(t, "RESOLUTION");
        assertThat(reopened.id()).isEqualTo(res.id());
        assertThat(reopened.dueAt()).isEqualTo(res.dueAt().plus(Duration.ofHours(5)));
        assertThat(slaDueAt(t)).isEqualTo(reopened.dueAt());
        setStatus(t, "OPEN", "CLOSED");
        assertThat(open(t, "RESOLUTION")).isNull();
    }

    @Test
    void sweep_marks_breaches_runs_escalation_rules_and_warns_once() {
        long team = fx.team();
        long otherTeam = fx.team();
        ApiFixtures.User manager = fx.user("MANAGER", otherTeam);
        ApiFixtures.User agent = fx.user("AGENT", team);
        sla.policy(sla.alwaysCalendar(), 60, null, 480);
        Api.Response rule = api.post("/api/v1/sla-escalation-rules", fx.admin(), "{\"name\":\"esc-" + Api.unique("fr")
                + "\",\"metric\":\"FIRST_RESPONSE\",\"priorities\":[\"NORMAL\"],\"raisePriority\":true,\"notifyManager\":true,"
                + "\"reassignTeamId\":" + otherTeam + ",\"addTag\":\"sla-breached\"}");
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        long t = sla.ticket(team, agent.id());
        // first response overdue, resolution breaching soon
        jdbc.sql("update ticket_sla_clocks set due_at = now() - interval '1 minute', warn_at = now() - interval '2 minutes' "
                + "where ticket_id = :id and metric = 'FIRST_RESPONSE'").param("id", t).update();
        jdbc.sql("update ticket_sla_clocks set warn_at = now() - interval '1 minute' where ticket_id = :id and metric = 'RESOLUTION'")
                .param("id", t).update();
        sweep.run();
        ClockRow first = open(t, "FIRST_RESPONSE");
        assertThat(first.breachedAt()).isEqualTo(first.dueAt());
        assertThat(first.handled()).isTrue();
        assertThat(open(t, "RESOLUTION").warnedAt()).isNotNull();
        var ticket = jdbc.sql("select priority, team_id, tags from tickets where id = :id").param("id", t)
                .query((rs, n) -> Map.of("priority", rs.getString(1), "team", rs.getLong(2),
                        "tags", List.of((String[]) rs.getArray(3).getArray()))).single();
        assertThat(ticket.get("priority")).isEqualTo("HIGH");
        assertThat(ticket.get("team")).isEqualTo(otherTeam);
        assertThat(ticket.get("tags").toString()).contains("sla-breached");
        assertThat(jdbc.sql("select count(*) from notifications where user_id = :u and kind = 'SLA_BREACH' and link = :l")
                .param("u", manager.id()).param("l", "/tickets/" + t).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from notifications where user_id = :u and kind = 'SLA_WARNING'")
                .param("u", agent.id()).query(Long.class).single()).isEqualTo(1);

        // a second sweep handles nothing again
        sweep.run();
        assertThat(jdbc.sql("select count(*) from sla_escalation_log where ticket_id = :id and event = 'BREACH'")
                .param("id", t).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from sla_escalation_log where ticket_id = :id and event = 'WARNING'")
                .param("id", t).query(Long.class).single()).isEqualTo(1);

        // the ticket's SLA: JSON and the htmx fragment show the breach and what fired
        Api.Response json = api.get("/api/v1/tickets/" + t + "/sla", fx.admin());
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        JsonNode clocksJson = json.json().get("clocks");
        assertThat(clocksJson.get(0).get("state").asString()).isEqualTo("BREACHED");
        assertThat(clocksJson.get(0).get("overdueSeconds").asLong()).isGreaterThanOrEqualTo(60);
        assertThat(clocksJson.get(1).get("breachingSoon").asBoolean()).isTrue();
        assertThat(json.json().get("escalations").toString()).contains("priority NORMAL → HIGH");
        var html = admin().get("/tickets/" + t + "/sla");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).contains("Overdue by").contains("breaching soon").contains("sla-breached");
    }

    @Test
    void two_concurrent_sweeps_handle_each_breach_exactly_once() throws Exception {
        sla.policy(sla.alwaysCalendar(), 60, null, 480);
        List<Long> tickets = new ArrayList<>();
        for (int i = 0; i < 60; i++) tickets.add(sla.ticket(null, null));
        jdbc.sql("update ticket_sla_clocks set due_at = now() - interval '1 minute' where ticket_id in (:ids)")
                .param("ids", tickets).update();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<BreachSweep.Result>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) runs.add(pool.submit(() -> {
                go.await();
                return sweep.run();
            }));
            go.countDown();
            for (Future<BreachSweep.Result> f : runs) f.get();
        } finally {
            pool.shutdown();
        }
        List<Long> perClock = jdbc.sql("""
                        select count(l.id) from ticket_sla_clocks c left join sla_escalation_log l on l.clock_id = c.id and l.event = 'BREACH'
                        where c.ticket_id in (:ids) group by c.id""").param("ids", tickets).query(Long.class).list();
        assertThat(perClock).hasSize(120).containsOnly(1L);
    }

    @Test
    void raising_the_priority_moves_running_clocks_to_the_policy_that_now_applies() {
        long cal = sla.alwaysCalendar();
        Api.Response urgent = api.post("/api/v1/sla-policies", fx.admin(), "{\"name\":\"" + Api.unique("pol") + "\",\"position\":0,"
                + "\"calendarId\":" + cal + ",\"priorities\":[\"URGENT\"],\"channels\":[\"SOCIAL\"],\"firstResponseMinutes\":15}");
        assertThat(urgent.status()).as(urgent.body()).isEqualTo(201);
        sla.policy(cal, 60, null, 480);
        long t = sla.ticket(null, null);
        ClockRow first = open(t, "FIRST_RESPONSE");
        assertThat(Duration.between(first.startedAt(), first.dueAt())).isEqualTo(Duration.ofMinutes(60));
        jdbc.sql("update tickets set priority = 'URGENT' where id = :id").param("id", t).update();
        events.publishEvent(new TicketEvents.TicketUpdated(t, null));
        ClockRow moved = open(t, "FIRST_RESPONSE");
        assertThat(Duration.between(moved.startedAt(), moved.dueAt())).isEqualTo(Duration.ofMinutes(15));
        assertThat(slaDueAt(t)).isEqualTo(moved.dueAt());
        // the urgent policy has no resolution target: that clock keeps the one it had
        assertThat(Duration.between(open(t, "RESOLUTION").startedAt(), open(t, "RESOLUTION").dueAt())).isEqualTo(Duration.ofHours(8));
    }

    @Test
    void a_bulk_update_moves_each_tickets_clocks_as_one_update_event_per_ticket_would() {
        long cal = sla.alwaysCalendar();
        Api.Response urgent = api.post("/api/v1/sla-policies", fx.admin(), "{\"name\":\"" + Api.unique("pol") + "\",\"position\":0,"
                + "\"calendarId\":" + cal + ",\"priorities\":[\"URGENT\"],\"channels\":[\"SOCIAL\"],\"firstResponseMinutes\":15}");
        assertThat(urgent.status()).as(urgent.body()).isEqualTo(201);
        sla.policy(cal, 60, null, 480);
        long raised = sla.ticket(null, null), unchanged = sla.ticket(null, null), raisedToo = sla.ticket(null, null);
        jdbc.sql("update tickets set priority = 'URGENT' where id in (:ids)").param("ids", List.of(raised, raisedToo)).update();
        events.publishEvent(new TicketEvents.TicketsUpdated(List.of(raised, unchanged, raisedToo), null));
        for (long t : List.of(raised, raisedToo)) {
            ClockRow moved = open(t, "FIRST_RESPONSE");
            assertThat(Duration.between(moved.startedAt(), moved.dueAt())).isEqualTo(Duration.ofMinutes(15));
            assertThat(slaDueAt(t)).isEqualTo(moved.dueAt());
            assertThat(Duration.between(open(t, "RESOLUTION").startedAt(), open(t, "RESOLUTION").dueAt())).isEqualTo(Duration.ofHours(8));
        }
        ClockRow kept = open(unchanged, "FIRST_RESPONSE");
        assertThat(Duration.between(kept.startedAt(), kept.dueAt())).isEqualTo(Duration.ofMinutes(60));
        assertThat(slaDueAt(unchanged)).isEqualTo(kept.dueAt());
    }

    @Test
    void account_tier_chooses_the_policy_first_match_wins() {
        long cal = sla.alwaysCalendar();
        Api.Response gold = api.post("/api/v1/sla-policies", fx.admin(), "{\"name\":\"" + Api.unique("pol") + "\",\"position\":0,"
                + "\"calendarId\":" + cal + ",\"accountTiers\":[\"GOLD\"],\"channels\":[\"SOCIAL\"],\"firstResponseMinutes\":20}");
        assertThat(gold.status()).as(gold.body()).isEqualTo(201);
        sla.policy(cal, 60, null, null);
        long account = fx.account(fx.admin(), "{\"name\":\"" + Api.unique("Gold Co") + "\",\"tier\":\"GOLD\"}").get("id").asLong();
        long goldTicket = intake.open(new NewTicket("Gold", NewTicket.Channel.SOCIAL, null, account, "LOW", "PROBLEM", null, null,
                List.of(), InboundMessage.text("hi", null)));
        ClockRow g = open(goldTicket, "FIRST_RESPONSE");
        assertThat(Duration.between(g.startedAt(), g.dueAt())).isEqualTo(Duration.ofMinutes(20));
        ClockRow plain = open(sla.ticket(null, null), "FIRST_RESPONSE");
        assertThat(Duration.between(plain.startedAt(), plain.dueAt())).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void ticket_sla_is_visible_as_the_ticket_is() {
        sla.policy(sla.alwaysCalendar(), 60, null, 480);
        long team = fx.team();
        ApiFixtures.User owner = fx.user("AGENT", team);
        long t = sla.ticket(team, owner.id());
        assertThat(api.get("/api/v1/tickets/" + t + "/sla", fx.admin()).status()).isEqualTo(200);
        assertThat(admin().get("/tickets/" + t + "/sla").statusCode()).isEqualTo(200);
        for (String role : List.of("MANAGER", "MARKETING", "READ_ONLY")) {
            ApiFixtures.User u = fx.user(role, null);
            assertThat(api.get("/api/v1/tickets/" + t + "/sla", u.token()).status()).as(role).isEqualTo(200);
            assertThat(PageSession.signIn(api.base(), u.email(), ApiFixtures.PASSWORD).get("/tickets/" + t + "/sla").statusCode())
                    .as(role).isEqualTo(200);
        }
        assertThat(api.get("/api/v1/tickets/" + t + "/sla", owner.token()).json().get("clocks").size()).isEqualTo(2);
        assertThat(api.get("/api/v1/tickets/" + t + "/sla", fx.user("AGENT", team).token()).status()).isEqualTo(200);
        // not their ticket, not their team: as if it did not exist
        assertProblem(api.get("/api/v1/tickets/" + t + "/sla", fx.user("SALES", null).token()), 404);
        assertProblem(api.get("/api/v1/tickets/" + t + "/sla", fx.user("AGENT", fx.team()).token()), 404);
        ApiFixtures.User sales = fx.user("SALES", null);
        assertThat(PageSession.signIn(api.base(), sales.email(), ApiFixtures.PASSWORD).get("/tickets/" + t + "/sla").statusCode())
                .isEqualTo(404);
        assertProblem(api.get("/api/v1/tickets/999999999/sla", fx.admin()), 404);
    }
}
