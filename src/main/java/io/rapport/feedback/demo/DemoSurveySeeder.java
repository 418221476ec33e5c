package io.rapport.feedback.demo;

import io.rapport.feedback.answers.TopicRules;
import io.rapport.service.TextSentiment;
import java.util.List;
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
 * After the demo contacts, orders and tickets (and the service desk's CSAT answers, order 70): four surveys and a
 * few thousand answers over the last twelve months — relationship NPS, after-order CSAT on real orders, CES — with
 * comments scored and tagged like live ones, and the service CSAT answers copied in. Set-based SQL, well under 2 s.
 * Does nothing without contacts, or when surveys exist.
 */
@Component
@Order(80)
class DemoSurveySeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoSurveySeeder.class);

    private static final List<String> COMMENTS = List.of(
            "Great product and friendly support, very easy to use",
            "Fast delivery, everything arrived well packed",
            "Good value for the price",
            "Works as promised, would recommend",
            "Delivery was late and nobody answered my emails",
            "Too expensive compared to others",
            "The app is confusing and complicated",
            "Support agent was helpful but it took a while",
            "Product quality has gone down, mine arrived broken",
            "Simple and intuitive, love it",
            "Invoice was wrong twice, frustrating",
            "Okay overall");

    private final JdbcClient jdbc;
    private final TopicRules topics;
    private final boolean demo;

    DemoSurveySeeder(JdbcClient jdbc, TopicRules topics, @Value("${rapport.demo}") boolean demo) {
        this.jdbc = jdbc;
        this.topics = topics;
        this.demo = demo;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (!demo || !jdbc.sql("select exists (select 1 from contacts) and not exists (select 1 from surveys)").query(Boolean.class).single()) {
            return;
        }
        long t0 = System.nanoTime();
        jdbc.sql("select setseed(0.30)").query().singleRow();
        long nps = survey("Relationship NPS", "NPS", "RELATIONSHIP", false,
                "Twice a year we ask our customers one question. (Inactive in the demo so it mails nobody; activate it to send.)");
        long csat = survey("After-order satisfaction", "CSAT", "AFTER_ORDER", true, "Thanks for your order! How did it go?");
        long ces = survey("Support effort", "CES", "MANUAL", true, null);
        long custom = jdbc.sql("insert into surveys (name, kind, trigger, intro) values ('Onboarding check-in', 'CUSTOM', 'MANUAL', "
                + "'Three quick questions about your first weeks.') returning id").query(Long.class).single();
        jdbc.sql("""
                insert into survey_questions (survey_id, position, type, scale, prompt, choices, required) values
                  (:s, 1, 'SCORE', 'CES', 'How easy was it to get started?', '{}', true),
                  (:s, 2, 'CHOICE', null, 'What helped most?', '{"The guides","Our account manager","Support","Nothing yet"}', false),
                  (:s, 3, 'TEXT', null, 'What should we improve?', '{}', false)""").param("s", custom).update();

        // comment catalogue with sentiment and topics computed like live answers
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < COMMENTS.size(); i++) {
            String c = COMMENTS.get(i);
            if (i > 0) values.append(',');
            values.append("(").append(i + 1).append(", '").append(c.replace("'", "''")).append("', ")
                    .append(TextSentiment.score(c)).append(", array[")
                    .append(String.join(",", topics.topics(c).stream().map(t -> "'" + t.replace("'", "''") + "'").toList()))
                    .append("]::text[])");
        }
        jdbc.sql("create temporary table demo_comments (n int, comment text, sentiment numeric(4,3), topics text[]) on commit drop").update();
        jdbc.sql("insert into demo_comments values " + values).update();

        int npsRows = jdbc.sql(SCORES.formatted("'NPS'", nps, "q.id", 1800,
                "case when r < 0.48 then 9 + floor(random() * 2) when r < 0.78 then 7 + floor(random() * 2) else floor(random() * 7) end",
                "ADVOCATE")).update();
        int cesRows = jdbc.sql(SCORES.formatted("'CES'", ces, "q.id", 700,
                "case when r < 0.6 then 5 + floor(random() * 3) else 1 + floor(random() * 4) end", "CLIENT")).update();
        int csatRows = jdbc.sql("""
                with o as (select o.id, o.contact_id, o.account_id,
                                  greatest(o.ordered_at, now() - interval '360 days') + random() * interval '3 days' as at, random() as r
                             from orders o where o.contact_id is not null and o.status not in ('CANCELLED','REFUNDED')
                            order by random() limit 1200),
                     q as (select id from survey_questions where survey_id = :s and position = 1)
                insert into survey_responses (kind, score, contact_id, account_id, order_id, comment, source, answered_at, survey_id,
                                              question_id, sentiment, topics)
                select 'CSAT', s.score, o.contact_id, o.account_id, o.id, dc.comment, 'SURVEY', least(o.at, now()), :s, q.id, dc.sentiment,
                       coalesce(dc.topics, '{}')
                  from o cross join q
                  cross join lateral (select case when o.r < 0.62 then 4 + floor(random() * 2) when o.r < 0.8 then 3
                                                  else 1 + floor(random() * 2) end::int as score) s
                  cross join lateral (select case when random() < 0.35 then
                                 case when s.score >= 4 then 1 + floor(random() * 4)::int + (case when random() < 0.3 then 8 else 0 end)
                                      else 5 + floor(random() * 7)::int end end as n from (select s.score) x) pick
                  left join demo_comments dc on dc.n = pick.n""").param("s", csat).update();
        int service = jdbc.sql("""
                insert into survey_responses (kind, score, contact_id, account_id, ticket_id, comment, source, answered_at)
                select 'CSAT', s.score, s.contact_id, t.account_id, s.ticket_id, s.comment, 'SERVICE_CSAT', s.answered_at
                  from csat_surveys s join tickets t on t.id = s.ticket_id
                 where s.score is not null and s.answered_at is not null
                on conflict do nothing""").update();
        topics.retag();
        log.info("Seeded demo surveys: {} NPS, {} CSAT, {} CES answers, {} service CSAT answers copied, in {} ms", npsRows, csatRows, cesRows,
                service, (System.nanoTime() - t0) / 1_000_000);
    }

    private long survey(String name, String kind, String trigger, boolean active, String intro) {
        long id = jdbc.sql("insert into surveys (name, kind, trigger, active, intro) values (:n, :k, :t, :a, :i) returning id")
                .param("n", name).param("k", kind).param("t", trigger).param("a", active).param("i", intro).query(Long.class).single();
        String prompt = switch (kind) {
            case "NPS" -> "How likely are you to recommend us to a friend or colleague?";
            case "CSAT" -> "How satisfied are you with your order?";
            default -> "How easy was it to get what you needed?";
        };
        jdbc.sql("insert into survey_questions (survey_id, position, type, scale, prompt, required) values (:s, 1, 'SCORE', :k, :p, true)")
                .param("s", id).param("k", kind).param("p", prompt).update();
        jdbc.sql("insert into survey_questions (survey_id, position, type, prompt) values (:s, 2, 'TEXT', 'What is the main reason for your score?')")
                .param("s", id).update();
        return id;
    }

    /** kind, survey id, question, count, score expression over r (uniform 0–1), a stage that leans positive. */
    private static final String SCORES = """
            with c as (select id, account_id, lifecycle_stage from contacts cross join generate_series(1, 3) order by random() limit %4$d),
                 a as (select c.*, random() as r0, now() - random() * interval '360 days' as at from c),
                 q as (select id from survey_questions where survey_id = %2$d and position = 1)
            insert into survey_responses (kind, score, contact_id, account_id, comment, source, answered_at, survey_id, question_id,
                                          sentiment, topics)
            select %1$s, s.score, a.id, a.account_id, dc.comment, 'SURVEY', a.at, %2$d, %3$s, dc.sentiment, coalesce(dc.topics, '{}')
              from a cross join q
              cross join lateral (select (case when a.lifecycle_stage = '%6$s' then least(a.r0, 0.5) else a.r0 end) as r) rr
              cross join lateral (select (%5$s)::int as score from (select rr.r as r) x) s
              cross join lateral (select case when random() < 0.4 then
                             case when s.score >= (case when %1$s = 'NPS' then 9 else 5 end)
                                  then 1 + floor(random() * 4)::int + (case when random() < 0.3 then 8 else 0 end)
                                  else 5 + floor(random() * 7)::int end end as n from (select s.score) x) pick
              left join demo_comments dc on dc.n = pick.n""";
}
