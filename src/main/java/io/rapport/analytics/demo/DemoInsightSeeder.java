package io.rapport.analytics.demo;

import io.rapport.analytics.journeys.Segment;
import io.rapport.analytics.personas.Personas;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.Role;
import io.rapport.service.InboundMessage;
import io.rapport.service.NewTicket;
import io.rapport.service.TicketIntake;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
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
 * After the demo customers, orders and tickets (orders ≤ 70): a complaint history old enough to measure what came
 * after it — about 90 complaints 4–11 months ago, most recovered to the follow-up, with the CSAT, NPS answers and
 * repurchases that followed (recovered customers mostly come back satisfied; the others mostly do not) — NPS answers
 * of customers who never complained, and personas named from a first k-means run, so the personas, journey and
 * service recovery pages have something to say. Fixed seed; does nothing when it ran before or without orders.
 */
@Component
@Order(90)
class DemoInsightSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoInsightSeeder.class);
    static final String SOURCE = "DEMO_INSIGHT";

    private final JdbcClient jdbc;
    private final TicketIntake intake;
    private final Personas personas;
    private final boolean demo;

    DemoInsightSeeder(JdbcClient jdbc, TicketIntake intake, Personas personas, @Value("${rapport.demo}") boolean demo) {
        this.jdbc = jdbc;
        this.intake = intake;
        this.personas = personas;
        this.demo = demo;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (!demo || !jdbc.sql("""
                select exists (select 1 from orders) and not exists (select 1 from survey_responses where source = 'DEMO_INSIGHT')
                   and not exists (select 1 from personas)""").query(Boolean.class).single()) {
            return;
        }
        Random random = new Random(32);
        List<long[]> customers = jdbc.sql("""
                        select contact_id, extract(epoch from now() - min(ordered_at))::bigint / 86400 from orders
                         where contact_id is not null and status not in ('CANCELLED','REFUNDED')
                         group by contact_id having min(ordered_at) < now() - interval '130 days' order by contact_id""")
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
        Long agent = jdbc.sql("select id from users where active and role in ('AGENT','MANAGER','ADMIN') order by role = 'AGENT' desc, id limit 1")
                .query(Long.class).optional().orElse(null);
        Set<Long> complained = new HashSet<>();
        int complaints = 0, recovered = 0;
        for (int i = 0; i < customers.size() && complaints < 90; i += 1 + random.nextInt(3)) {
            long contact = customers.get(i)[0];
            long firstOrderAgo = customers.get(i)[1];
            int ago = 120 + random.nextInt((int) Math.max(1, Math.min(210, firstOrderAgo - 121)));
            long ticket = intake.open(new NewTicket(random.nextBoolean() ? "Delivery arrived damaged" : "Charged twice", NewTicket.Channel.EMAIL,
                    contact, null, "HIGH", "COMPLAINT", null, agent, List.of(), InboundMessage.text("This is not acceptable.", contact)));
            boolean recover = random.nextInt(10) < 6;
            String at = "now() - interval '" + ago + " days'";
            jdbc.sql("update tickets set created_at = " + at + ", updated_at = " + at + " + interval '2 days', status = 'SOLVED', "
                    + "solved_at = " + at + " + interval '2 days', first_response_at = " + at + " + interval '2 hours', sentiment = -0.7 where id = :t")
                    .param("t", ticket).update();
            jdbc.sql("update ticket_messages set created_at = " + at + " where ticket_id = :t").param("t", ticket).update();
            jdbc.sql("update activities set occurred_at = " + at + " where source = 'ticket' and source_ref = :ref")
                    .param("ref", String.valueOf(ticket)).update();
            if (recover) {
                jdbc.sql("""
                                insert into ticket_recovery_steps (ticket_id, step, note, corrective_action, done_by, done_at)
                                select :t, s.step, s.note, s.action, :agent, t.created_at + s.k * interval '6 hours'
                                  from tickets t, (values ('ACKNOWLEDGED', 'Called the customer back', null, 1),
                                                          ('APOLOGISED', 'Apologised', null, 2),
                                                          ('CORRECTIVE_ACTION', null, 'Replaced the order by express delivery', 3),
                                                          ('FOLLOW_UP', 'Checked all is well', null, 8)) s(step, note, action, k)
                                 where t.id = :t""").param("t", ticket).param("agent", agent).update();
                recovered++;
            }
            // what followed: the complaint's CSAT, a later NPS answer, maybe a repurchase
            int csat = recover ? (random.nextInt(10) < 8 ? 4 + random.nextInt(2) : 3) : (random.nextInt(10) < 7 ? 1 + random.nextInt(2) : 4);
            answer("CSAT", csat, contact, ticket, ago - 3);
            int nps = recover ? (random.nextInt(10) < 6 ? 9 + random.nextInt(2) : 6 + random.nextInt(3))
                    : (random.nextInt(10) < 6 ? random.nextInt(7) : 7 + random.nextInt(3));
            answer("NPS", nps, contact, null, ago - 30 - random.nextInt(30));
            if (random.nextInt(100) < (recover ? 75 : 30)) order(contact, ago - 10 - random.nextInt(60), random);
            complained.add(contact);
            complaints++;
        }
        // relationship NPS of customers who never complained
        int never = 0;
        for (long[] c : customers) {
            if (complained.contains(c[0]) || random.nextInt(3) != 0) continue;
            int r = random.nextInt(10);
            answer("NPS", r < 4 ? 9 + random.nextInt(2) : r < 7 ? 7 + random.nextInt(2) : random.nextInt(7), c[0], null,
                    (int) Math.max(1, c[1] - 20 - random.nextInt(60)));
            never++;
        }
        // personas: a first k-means run over everyone, each cluster named after what sets it apart
        int named = 0;
        Long admin = jdbc.sql("select id from users where role = 'ADMIN' and active order by id limit 1").query(Long.class).optional().orElse(null);
        if (admin != null && jdbc.sql("select count(*) from contacts").query(Long.class).single() >= 8) {
            CurrentUser user = new CurrentUser(admin, "demo@rapport", "Demo", Role.ADMIN, null);
            Personas.Run run = personas.propose(user, 4, Segment.ALL);
            for (Personas.Cluster c : run.clusters()) {
                String name = c.label();
                if (jdbc.sql("select exists (select 1 from personas where lower(name) = lower(:n))").param("n", name).query(Boolean.class).single()) {
                    name = name + " (" + (c.cluster() + 1) + ")";
                }
                personas.create(user, run.id(), c.cluster(), name, "Proposed by k-means on the demo data: " + c.size() + " contacts.");
                named++;
            }
            if (named > 0) personas.assign(false); // demo data is small: assign at once rather than in a background job
        }
        log.info("Seeded demo insight: {} complaints ({} recovered), {} NPS answers of customers who never complained, {} personas",
                complaints, recovered, never, named);
    }

    private void answer(String kind, int score, long contact, Long ticket, int daysAgo) {
        jdbc.sql("""
                        insert into survey_responses (kind, score, contact_id, ticket_id, source, answered_at)
                        values (:k, :s, :c, :t, 'DEMO_INSIGHT', now() - make_interval(days => :d))""")
                .param("k", kind).param("s", score).param("c", contact).param("t", ticket).param("d", Math.max(0, daysAgo)).update();
    }

    private void order(long contact, int daysAgo, Random random) {
        jdbc.sql("""
                        insert into orders (number, contact_id, account_id, ordered_at, status, channel, currency, total)
                        select 'DI-' || nextval('orders_id_seq'), c.id, c.account_id, now() - make_interval(days => :d), 'COMPLETED', 'WEB', 'EUR', :total
                          from contacts c where c.id = :c""")
                .param("c", contact).param("d", Math.max(0, daysAgo)).param("total", 40 + random.nextInt(400)).update();
    }
}
