package io.rapport.service.macros;

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
 * Demo desk setup on a first start: a handful of shared macros, a guideline per ticket type and two automation rules
 * (paused, so demo tickets are left as seeded until an admin turns them on).
 */
@Component
@Order(60)
class DemoDeskSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoDeskSeeder.class);

    private final JdbcClient jdbc;
    private final boolean demo;

    DemoDeskSeeder(JdbcClient jdbc, @Value("${rapport.demo}") boolean demo) {
        this.jdbc = jdbc;
        this.demo = demo;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (!demo || jdbc.sql("select exists (select 1 from macros) or exists (select 1 from automation_rules)")
                .query(Boolean.class).single()) {
            return;
        }
        int macros = jdbc.sql("""
                insert into macros (name, body, changes) values
                ('Thanks, looking into it', 'Hi {{contact.first_name}},\n\nThanks for getting in touch about "{{ticket.subject}}" ({{ticket.number}}). I am looking into it and will come back to you today.\n\nBest regards,\n{{agent.name}}', '{"status":"OPEN"}'),
                ('Need more details', 'Hi {{contact.first_name}},\n\nCould you send us a screenshot and the steps that lead to the problem? That helps us reproduce it.\n\nThanks,\n{{agent.name}}', '{"status":"PENDING"}'),
                ('Refund issued', 'Hi {{contact.first_name}},\n\nWe have issued your refund; it shows on your statement within 5 working days. Sorry for the trouble.\n\n{{agent.name}}', '{"status":"SOLVED","addTags":["refund"]}'),
                ('Solved — anything else?', 'Hi {{contact.first_name}},\n\nGlad we could sort this out. Reply to this mail if anything else comes up.\n\n{{agent.name}}, {{account.name}} support', '{"status":"SOLVED"}')""")
                .update();
        jdbc.sql("""
                insert into response_guidelines (type, body) values
                ('QUESTION', 'Answer the question in the first sentence; link the knowledge-base article if there is one.'),
                ('INCIDENT', 'Say what is affected and when you will update next; never promise a fix time you do not have.'),
                ('PROBLEM', 'Link related incidents; explain the workaround until the root cause is fixed.'),
                ('REQUEST', 'Confirm what was asked and when it will be done.'),
                ('COMPLAINT', 'Acknowledge, apologise sincerely, say what you will do and by when. Offer a follow-up call.')
                on conflict do nothing""").update();
        jdbc.sql("""
                insert into automation_rules (name, trigger, position, active, conditions, actions) values
                ('Angry customers first', 'CREATED', 0, false,
                 '[{"field":"sentiment","op":"BELOW","value":"-0.5"}]', '[{"type":"SET_PRIORITY","value":"HIGH"},{"type":"ADD_TAG","value":"unhappy"}]'),
                ('Nudge customers pending for 3 days', 'TIME', 0, false,
                 '[{"field":"status","op":"IS","value":"PENDING"},{"field":"hours_in_status","op":"MORE_THAN","value":"72"}]',
                 '[{"type":"SEND_EMAIL","to":"REQUESTER","subject":"Still need help with {{ticket.subject}}?","body":"Hi {{contact.first_name}},\\n\\nWe are waiting for your reply on {{ticket.number}}. Just answer this mail and we will pick it up."}]')""")
                .update();
        log.info("Seeded demo desk: {} macros, guidelines, 2 paused automation rules", macros);
    }
}
