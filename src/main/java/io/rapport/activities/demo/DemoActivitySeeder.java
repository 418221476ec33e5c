package io.rapport.activities.demo;

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
 * After the demo customers exist (order 10): a timeline for most contacts over the last 18 months, and for every
 * owner some overdue, today's and upcoming tasks plus meetings this week, so "My day" and the timelines are alive on
 * a newcomer's first start. Set-based SQL with a fixed seed: the same demo every time.
 */
@Component
@Order(20)
class DemoActivitySeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoActivitySeeder.class);

    private final JdbcClient jdbc;
    private final boolean demo;

    DemoActivitySeeder(JdbcClient jdbc, @Value("${rapport.demo}") boolean demo) {
        this.jdbc = jdbc;
        this.demo = demo;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (!demo || jdbc.sql("select exists (select 1 from activities) or not exists (select 1 from contacts)")
                .query(Boolean.class).single()) {
            return;
        }
        jdbc.sql("select setseed(0.42)").query().singleRow();
        int entries = jdbc.sql(TIMELINE).update();
        int meetings = jdbc.sql(MEETINGS_AHEAD).update();
        int tasks = jdbc.sql(TASKS).update();
        log.info("Seeded demo activities: {} timeline entries, {} upcoming meetings, {} tasks", entries, meetings, tasks);
    }

    /** Two contacts in three get one to seven entries, written by their owner, spread over 18 months. */
    private static final String TIMELINE = """
            insert into activities (kind, channel, occurred_at, author_id, contact_id, account_id, subject, body, direction,
                                    duration_seconds, outcome, ends_at, location, journey_stage, sentiment)
            select k.kind, k.channel, e.at, c.owner_id, c.id, c.account_id,
                   k.subject || ' — ' || c.first_name, k.body, k.direction, k.duration, k.outcome,
                   case when k.kind = 'MEETING' then e.at + interval '45 minutes' end,
                   case when k.kind = 'MEETING' then 'Video call' end,
                   (array['AWARENESS','CONSIDERATION','PURCHASE','RETENTION','ADVOCACY'])[1 + floor(random() * 5)::int],
                   (array['POSITIVE','POSITIVE','NEUTRAL','NEUTRAL','NEGATIVE'])[1 + floor(random() * 5)::int]
            from (select * from contacts order by id) c
            cross join lateral (select now() - random() * interval '540 days' as at, floor(random() * 6)::int as pick
                                from generate_series(1, 1 + floor(random() * 7)::int)) e
            join (values
                (0, 'NOTE', 'NOTE', 'Note', 'Prefers e-mail over calls; budget review in Q3.', null, null, null),
                (1, 'CALL', 'PHONE', 'Discovery call', 'Walked through their current process and pain points.', 'OUTBOUND', 900, 'Connected'),
                (2, 'CALL', 'PHONE', 'Support follow-up', 'Called back about the invoice question.', 'INBOUND', 420, 'Resolved'),
                (3, 'MEETING', 'MEETING', 'Product demo', 'Demo of reporting and integrations for the team.', null, null, null),
                (4, 'EMAIL', 'EMAIL', 'Proposal sent', 'Sent the proposal with the annual pricing option.', 'OUTBOUND', null, null),
                (5, 'EMAIL', 'EMAIL', 'Question about renewal', 'Asked whether the renewal can move to monthly billing.', 'INBOUND', null, null)
            ) as k(pick, kind, channel, subject, body, direction, duration, outcome) on k.pick = e.pick
            where c.owner_id is not null and random() < 0.67
            """;

    /** A few meetings in the coming week for each owner, with contacts they own. */
    private static final String MEETINGS_AHEAD = """
            insert into activities (kind, channel, occurred_at, ends_at, author_id, contact_id, account_id, subject, location,
                                    journey_stage)
            select 'MEETING', 'MEETING', m.at, m.at + interval '1 hour', c.owner_id, c.id, c.account_id,
                   'Quarterly review with ' || c.first_name || ' ' || c.last_name, 'Their office', 'RETENTION'
            from (select c.*, row_number() over (partition by owner_id order by random()) as n
                  from contacts c where owner_id is not null) c
            cross join lateral (select date_trunc('hour', now()) + (c.n * interval '26 hours') + interval '2 hours' as at) m
            where c.n <= 3
            """;

    /** For each owner: two overdue (one with a reminder already due, so the bell has something), two due today, four upcoming. */
    private static final String TASKS = """
            insert into tasks (title, notes, due_at, priority, assignee_id, team_id, contact_id, account_id, remind_at,
                               created_by, created_at)
            select t.title || ' ' || c.first_name || ' ' || c.last_name, null,
                   case when t.slot <= 2 then now() - (t.slot * interval '2 days')
                        when t.slot <= 4 then greatest(now() + interval '5 minutes',
                                                       date_trunc('day', now()) + interval '17 hours' + (t.slot * interval '20 minutes'))
                        else now() + ((t.slot - 3) * interval '2 days') end,
                   t.priority, c.owner_id, c.team_id, c.id, c.account_id,
                   case when t.slot = 5 then now() + interval '1 day' when t.slot = 1 then now() - interval '1 day' end,
                   c.owner_id, now() - interval '7 days'
            from (select c.*, row_number() over (partition by owner_id order by random()) as n
                  from contacts c where owner_id is not null) c
            join (values (1, 'Send the revised quote to', 'HIGH'), (2, 'Follow up on the demo with', 'NORMAL'),
                         (3, 'Call back', 'URGENT'), (4, 'Prepare the renewal for', 'NORMAL'),
                         (5, 'Check in with', 'LOW'), (6, 'Share the case study with', 'NORMAL'),
                         (7, 'Book a review with', 'NORMAL'), (8, 'Ask for a referral from', 'LOW')
            ) as t(slot, title, priority) on t.slot = c.n
            """;
}
