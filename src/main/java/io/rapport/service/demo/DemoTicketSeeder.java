package io.rapport.service.demo;

import io.rapport.service.InboundMessage;
import io.rapport.service.NewTicket;
import io.rapport.service.TicketIntake;
import java.util.List;
import java.util.Random;
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
 * After the demo customers exist: about 400 tickets over the last 90 days across channels, statuses, priorities and
 * types, each opened through {@link TicketIntake} (numbering, timeline touchpoint, events), then backdated in SQL with
 * a conversation (customer messages, agent replies, internal notes) and a realistic status history, so queues and
 * service metrics have data on a first start. A fixed seed: the same demo every time.
 */
@Component
@Order(60)
class DemoTicketSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoTicketSeeder.class);
    static final int TICKETS = 400;

    private static final String[][] TOPICS = {
            {"Cannot log in", "I reset my password twice but still cannot log in.", "QUESTION"},
            {"Invoice shows the wrong amount", "Our last invoice charges for 12 seats, we have 10.", "REQUEST"},
            {"Export to CSV fails", "The export stops at 80% with an error.", "INCIDENT"},
            {"App very slow since Monday", "Every page takes 10 seconds to load since Monday.", "PROBLEM"},
            {"Please add a user", "Can you add our new colleague to the account?", "REQUEST"},
            {"Delivery arrived damaged", "The box was crushed and two items are broken. This is unacceptable.", "COMPLAINT"},
            {"How do I change my plan?", "Where can I switch to annual billing?", "QUESTION"},
            {"Charged twice", "My card was charged twice this month. I want a refund.", "COMPLAINT"},
            {"Integration returns 500", "The webhook integration returns HTTP 500 since the update.", "INCIDENT"},
            {"Feature request: dark mode", "Would love a dark mode for late shifts.", "REQUEST"},
    };
    private static final String[] REPLIES = {
            "Thanks for reaching out — I'm looking into this now.",
            "Could you send a screenshot of what you see?",
            "I've fixed this on our side; could you try again?",
            "I've issued a correction; you'll see it on your next statement.",
            "Sorry for the trouble. I've escalated this to our engineers.",
    };
    private static final String[] NOTES = {
            "Checked the logs: matches the known issue.", "Customer is a key account; keep the manager in the loop.",
            "Refund approved by finance.", "Reproduced on staging."};
    private static final String[] CHANNELS = {"EMAIL", "EMAIL", "EMAIL", "WEB", "WEB", "PHONE", "API", "PORTAL"};
    private static final String[] PRIORITIES = {"LOW", "NORMAL", "NORMAL", "NORMAL", "HIGH", "URGENT"};

    private final JdbcClient jdbc;
    private final TicketIntake intake;
    private final boolean demo;

    DemoTicketSeeder(JdbcClient jdbc, TicketIntake intake, @Value("${rapport.demo}") boolean demo) {
        this.jdbc = jdbc;
        this.intake = intake;
        this.demo = demo;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (!demo || jdbc.sql("select exists (select 1 from tickets) or not exists (select 1 from contacts)").query(Boolean.class).single()) {
            return;
        }
        List<Long> contacts = jdbc.sql("select id from contacts order by id limit 2000").query(Long.class).list();
        List<long[]> agents = jdbc.sql("""
                        select id, coalesce(team_id, 0) from users where active and role in ('AGENT','MANAGER','ADMIN')
                        order by case role when 'AGENT' then 0 else 1 end, id""")
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
        Random random = new Random(42);
        long[] ids = new long[TICKETS];
        for (int i = 0; i < TICKETS; i++) {
            String[] topic = TOPICS[random.nextInt(TOPICS.length)];
            long contact = contacts.get(random.nextInt(contacts.size()));
            String channel = CHANNELS[random.nextInt(CHANNELS.length)];
            String priority = "COMPLAINT".equals(topic[2]) && random.nextBoolean() ? "HIGH" : PRIORITIES[random.nextInt(PRIORITIES.length)];
            long[] agent = agents.isEmpty() || random.nextInt(10) == 0 ? null : agents.get(random.nextInt(Math.min(3, agents.size())));
            ids[i] = intake.open(new NewTicket(topic[0], NewTicket.Channel.valueOf(channel), contact, null, priority, topic[2],
                    agent == null || agent[1] == 0 ? null : agent[1], agent == null ? null : agent[0],
                    random.nextInt(4) == 0 ? List.of("vip") : List.of(), InboundMessage.text(topic[1], contact)));
            backdate(ids[i], random, agent == null ? null : agent[0]);
        }
        // a few merged and linked pairs
        for (int i = 0; i + 1 < 40; i += 4) {
            jdbc.sql("update ticket_messages set ticket_id = :into where ticket_id = :from").param("into", ids[i + 1]).param("from", ids[i]).update();
            jdbc.sql("""
                    update tickets set merged_into_id = :into, status = 'CLOSED', closed_at = created_at + interval '1 hour',
                           solved_at = created_at + interval '1 hour' where id = :from""").param("into", ids[i + 1]).param("from", ids[i]).update();
            jdbc.sql("""
                    insert into ticket_status_history (ticket_id, from_status, to_status, changed_at)
                    select id, 'NEW', 'CLOSED', created_at + interval '1 hour' from tickets where id = :from""").param("from", ids[i]).update();
            jdbc.sql("insert into ticket_links (ticket_id, related_id) values (:a, :b), (:b, :a) on conflict do nothing")
                    .param("a", ids[i + 2]).param("b", ids[i + 3]).update();
        }
        alignSlaClocksWithHistory();
        log.info("Seeded {} demo tickets with conversations and status history", TICKETS);
    }

    /** Moves the ticket into the past and gives it a conversation and the status history that goes with it. */
    private void backdate(long id, Random random, Long agent) {
        double ageDays = random.nextDouble() * 90;
        String created = "now() - interval '" + String.format(java.util.Locale.ROOT, "%.4f", ageDays) + " days'";
        jdbc.sql("update tickets set created_at = " + created + ", updated_at = " + created + ", last_customer_message_at = "
                + created + " where id = :id").param("id", id).update();
        jdbc.sql("update ticket_messages set created_at = (select created_at from tickets where id = :id) where ticket_id = :id").param("id", id).update();
        jdbc.sql("update ticket_status_history set changed_at = (select created_at from tickets where id = :id) where ticket_id = :id").param("id", id).update();
        jdbc.sql("update activities set occurred_at = (select created_at from tickets where id = :id) where source = 'ticket' and source_ref = :ref")
                .param("id", id).param("ref", String.valueOf(id)).update();
        if (agent == null) return;  // still new, nobody answered
        // hours from creation to each step, capped at the ticket's age
        double maxHours = ageDays * 24;
        double firstReply = Math.min(maxHours * 0.9, 0.2 + random.nextDouble() * (random.nextInt(5) == 0 ? 30 : 6));
        reply(id, agent, "PUBLIC", REPLIES[random.nextInt(REPLIES.length)], firstReply);
        status(id, "NEW", "OPEN", agent, firstReply);
        jdbc.sql("update tickets set first_response_at = created_at + make_interval(secs => :h * 3600), "
                        + "last_agent_reply_at = created_at + make_interval(secs => :h * 3600) where id = :id")
                .param("h", firstReply).param("id", id).update();
        if (random.nextInt(3) == 0) reply(id, agent, "NOTE", NOTES[random.nextInt(NOTES.length)], firstReply + 0.1);
        int outcome = random.nextInt(10);
        if (ageDays < 2 || outcome < 2) return;  // still open
        double at = firstReply;
        if (outcome < 5) {  // a back-and-forth first
            at = Math.min(maxHours * 0.95, at + 1 + random.nextDouble() * 20);
            customer(id, "Thanks — here is the screenshot you asked for.", at);
            at = Math.min(maxHours * 0.97, at + 0.5 + random.nextDouble() * 8);
            reply(id, agent, "PUBLIC", REPLIES[2], at);
        }
        double solvedAt = Math.min(maxHours * 0.98, at + random.nextDouble() * 48);
        status(id, "OPEN", "SOLVED", agent, solvedAt);
        jdbc.sql("update tickets set status = 'SOLVED', solved_at = created_at + make_interval(secs => :h * 3600), "
                + "updated_at = created_at + make_interval(secs => :h * 3600) where id = :id").param("h", solvedAt).param("id", id).update();
        if (outcome == 9 && maxHours - solvedAt > 24) {  // reopened once, solved again
            double back = solvedAt + 12;
            customer(id, "It's happening again.", back);
            status(id, "SOLVED", "OPEN", null, back);
            status(id, "OPEN", "SOLVED", agent, back + 4);
            jdbc.sql("update tickets set reopen_count = 1, solved_at = created_at + make_interval(secs => :h * 3600) where id = :id")
                    .param("h", back + 4).param("id", id).update();
            solvedAt = back + 4;
        }
        if (ageDays > 14 && random.nextBoolean()) {
            status(id, "SOLVED", "CLOSED", null, solvedAt + 24 * 7);
            jdbc.sql("update tickets set status = 'CLOSED', closed_at = created_at + make_interval(secs => :h * 3600), "
                    + "updated_at = created_at + make_interval(secs => :h * 3600) where id = :id").param("h", solvedAt + 24 * 7).param("id", id).update();
        }
    }

    private void reply(long id, long agent, String kind, String text, double hours) {
        jdbc.sql("""
                insert into ticket_messages (ticket_id, kind, direction, channel, author_user_id, body_text, created_at)
                select id, :kind, 'OUTBOUND', channel, :agent, :text, created_at + make_interval(secs => :h * 3600) from tickets where id = :id""")
                .param("kind", kind).param("agent", agent).param("text", text).param("h", hours).param("id", id).update();
        jdbc.sql("update tickets set status = case when status = 'NEW' then 'OPEN' else status end where id = :id").param("id", id).update();
    }

    private void customer(long id, String text, double hours) {
        jdbc.sql("""
                insert into ticket_messages (ticket_id, kind, direction, channel, author_contact_id, body_text, created_at)
                select id, 'PUBLIC', 'INBOUND', channel, requester_id, :text, created_at + make_interval(secs => :h * 3600) from tickets where id = :id""")
                .param("text", text).param("h", hours).param("id", id).update();
        jdbc.sql("update tickets set last_customer_message_at = created_at + make_interval(secs => :h * 3600) where id = :id")
                .param("h", hours).param("id", id).update();
    }

    private void status(long id, String from, String to, Long by, double hours) {
        jdbc.sql("""
                insert into ticket_status_history (ticket_id, from_status, to_status, changed_by, changed_at)
                select id, :from, :to, :by, created_at + make_interval(secs => :h * 3600) from tickets where id = :id""")
                .param("from", from).param("to", to).param("by", by).param("h", hours).param("id", id).update();
    }

    /**
     * The SLA clocks started when the tickets were written (now), but the tickets were then dated back: restart them at
     * each ticket's creation and stop them at its first reply and solve, so the SLA cards and compliance tell the
     * demo's story. Demo data only, so targets are laid out in wall-clock minutes; breaches are marked as handled so
     * first start does not fire a burst of escalations.
     */
    private void alignSlaClocksWithHistory() {
        jdbc.sql("""
                update ticket_sla_clocks c
                   set started_at = t.created_at,
                       due_at = t.created_at + make_interval(mins => c.target_minutes),
                       warn_at = t.created_at + make_interval(mins => c.target_minutes * 3 / 4),
                       paused_at = null,
                       stopped_at = case when c.metric = 'RESOLUTION' then coalesce(t.solved_at, t.closed_at)
                                         else coalesce(t.first_response_at, t.solved_at, t.closed_at) end
                  from tickets t
                 where t.id = c.ticket_id""").update();
        jdbc.sql("""
                update ticket_sla_clocks set breached_at = due_at, breach_handled = true, warned_at = warn_at
                 where coalesce(stopped_at, now()) > due_at""").update();
        jdbc.sql("""
                update tickets t set sla_due_at = (select min(c.due_at) from ticket_sla_clocks c
                                                    where c.ticket_id = t.id and c.stopped_at is null)""").update();
    }
}
