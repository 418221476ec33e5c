package io.rapport.service.demo;

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
 * After the demo tickets exist (seeded by the tickets lane, order ≤ 40): recovery steps on a few open complaints,
 * CSAT answers on solved tickets and QA reviews of some of them, so the complaints list and the service dashboard
 * have something to show. Does nothing without tickets, or when any of this was seeded before.
 */
@Component
@Order(70)
class DemoRecoverySeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoRecoverySeeder.class);

    private final JdbcClient jdbc;
    private final boolean demo;

    DemoRecoverySeeder(JdbcClient jdbc, @Value("${rapport.demo}") boolean demo) {
        this.jdbc = jdbc;
        this.demo = demo;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (!demo || !jdbc.sql("""
                select exists (select 1 from tickets)
                   and not exists (select 1 from ticket_recovery_steps) and not exists (select 1 from csat_surveys)
                   and not exists (select 1 from qa_reviews)""").query(Boolean.class).single()) {
            return;
        }
        jdbc.sql("select setseed(0.25)").query().singleRow();
        int steps = jdbc.sql(RECOVERY).update();
        int answers = jdbc.sql(SURVEYS).update();
        int reviews = jdbc.sql(REVIEWS).update();
        jdbc.sql(REVIEW_SCORES).update();
        log.info("Seeded demo service recovery: {} recovery steps, {} survey answers, {} QA reviews", steps, answers, reviews);
    }

    /** Up to six open complaints, each a step further along than the one before. */
    private static final String RECOVERY = """
            with c as (select id, assignee_id, created_at, row_number() over (order by id) n
                         from tickets where type = 'COMPLAINT' and status not in ('SOLVED','CLOSED') order by id limit 6),
                 s(step, k) as (values ('ACKNOWLEDGED', 1), ('APOLOGISED', 2), ('CORRECTIVE_ACTION', 3), ('COMPENSATION', 4))
            insert into ticket_recovery_steps (ticket_id, step, note, corrective_action, compensation_type, compensation_value, currency,
                                               done_by, done_at)
            select c.id, s.step,
                   case s.step when 'ACKNOWLEDGED' then 'Called the customer back the same day' when 'APOLOGISED' then 'Apologised for the delay' end,
                   case when s.step = 'CORRECTIVE_ACTION' then 'Sent a replacement by express delivery' end,
                   case when s.step = 'COMPENSATION' then (array['REFUND','CREDIT','VOUCHER'])[1 + (c.n % 3)::int] end,
                   case when s.step = 'COMPENSATION' then (10 + c.n * 5)::numeric end,
                   case when s.step = 'COMPENSATION' then 'EUR' end,
                   c.assignee_id, c.created_at + s.k * interval '3 hours'
              from c join s on s.k <= 1 + (c.n % 4)""";

    /** Four solved tickets in five with a requester answered their survey, mostly satisfied. */
    private static final String SURVEYS = """
            insert into csat_surveys (ticket_id, contact_id, reason, token_hash, sent_at, score, comment, answered_at)
            select t.id, t.requester_id, 'SOLVED', sha256(convert_to(gen_random_uuid()::text, 'UTF8')), t.solved_at,
                   (array[5,5,4,4,4,3,2,5,4,1])[1 + floor(random() * 10)::int],
                   (array[null, 'Quick and friendly', null, 'Took a while but solved', null])[1 + floor(random() * 5)::int],
                   t.solved_at + random() * interval '2 days'
              from tickets t
             where t.status in ('SOLVED','CLOSED') and t.solved_at is not null and t.requester_id is not null and random() < 0.8
             order by t.id limit 400""";

    /** A manager (else an admin) reviews one solved ticket in four. */
    private static final String REVIEWS = """
            insert into qa_reviews (ticket_id, reviewer_id, agent_id, score, comment, created_at)
            select t.id, r.id, t.assignee_id, 1, (array['Good tone, could link the help article', 'Spot on', null])[1 + floor(random() * 3)::int],
                   t.solved_at + interval '1 day'
              from tickets t
              cross join lateral (select id from users where role in ('MANAGER','ADMIN') order by role = 'MANAGER' desc, id limit 1) r
             where t.status in ('SOLVED','CLOSED') and t.solved_at is not null and t.assignee_id is not null and random() < 0.25
             order by t.id limit 100""";

    /** Scores per active criterion, then each review's weighted mean. */
    private static final String REVIEW_SCORES = """
            with s as (
                insert into qa_review_scores (review_id, criterion_id, score)
                select r.id, c.id, (array[3,4,4,5,5,2])[1 + floor(random() * 6)::int]
                  from qa_reviews r cross join qa_criteria c where c.active
                returning review_id, criterion_id, score)
            update qa_reviews r set score = round(x.w, 2)
              from (select s.review_id, sum(s.score * c.weight) / sum(c.weight) w
                      from s join qa_criteria c on c.id = s.criterion_id group by s.review_id) x
             where x.review_id = r.id""";
}
