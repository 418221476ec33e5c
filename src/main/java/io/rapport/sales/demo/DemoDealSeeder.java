package io.rapport.sales.demo;

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
 * After the demo customers and activities (orders 10 and 20): a second pipeline (Renewals) and about 300 deals over
 * the demo accounts and their contacts, spread over the stages with a stage history, close dates from six months
 * ago to nine months ahead, so the board and the forecast are alive on first start. Set-based SQL, fixed seed.
 */
@Component
@Order(30)
class DemoDealSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoDealSeeder.class);

    private final JdbcClient jdbc;
    private final boolean demo;

    DemoDealSeeder(JdbcClient jdbc, @Value("${rapport.demo}") boolean demo) {
        this.jdbc = jdbc;
        this.demo = demo;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        // keyed on the demo's own pipeline, not on "no deals yet": another seeder (lead conversion) may open deals first
        if (!demo || jdbc.sql("select exists (select 1 from pipelines where name = 'Renewals') or not exists (select 1 from accounts)")
                .query(Boolean.class).single()) {
            return;
        }
        jdbc.sql("select setseed(0.77)").query().singleRow();
        jdbc.sql("""
                insert into pipelines (name, position, stale_days) values ('Renewals', 1, 45)""").update();
        jdbc.sql("""
                insert into pipeline_stages (pipeline_id, name, position, probability, outcome)
                select p.id, s.name, s.position, s.probability, s.outcome from pipelines p,
                  (values ('Renewal due', 0, 40, 'OPEN'), ('In negotiation', 1, 70, 'OPEN'), ('Verbal yes', 2, 90, 'OPEN'),
                          ('Renewed', 3, 100, 'WON'), ('Churned', 4, 0, 'LOST')) as s(name, position, probability, outcome)
                 where p.name = 'Renewals' and not exists (select 1 from pipeline_stages x where x.pipeline_id = p.id)""").update();
        long before = jdbc.sql("select coalesce(max(id), 0) from deals").query(Long.class).single();
        int deals = jdbc.sql(DEALS).update();
        jdbc.sql(CONTACTS).param("since", before).update();
        int history = jdbc.sql(HISTORY).param("since", before).update();
        log.info("Seeded demo deals: {} deals with {} stage changes", deals, history);
    }

    /**
     * 220 new-business deals and 80 renewals on random accounts, owned by the account's owner. The stage is drawn so
     * that early stages hold more deals; a closed deal's close date lies in the past, an open one's mostly ahead.
     */
    private static final String DEALS = """
            insert into deals (name, pipeline_id, stage_id, amount, currency, close_date, status, lost_reason, owner_id,
                               team_id, account_id, created_at, stage_entered_at, closed_at, updated_at)
            select x.deal_name, x.pipeline_id, s.id, x.amount, 'EUR',
                   case when s.outcome = 'OPEN' then current_date + (x.r3 * 270 - 30)::int else current_date - (x.r3 * 180)::int end,
                   s.outcome,
                   case when s.outcome = 'LOST' then (array['Price too high','Chose a competitor','No budget this year','Went quiet'])[1 + floor(x.r3 * 4)::int] end,
                   a.owner_id, u.team_id, a.id, x.created, x.created + (now() - x.created) * x.r2,
                   case when s.outcome <> 'OPEN' then x.created + (now() - x.created) * x.r2 end, now()
            from (
              select g, p.id as pipeline_id, p.name as pipeline_name,
                     (select id from accounts order by id offset (floor(random() * (select count(*) from accounts)) + 0 * g)::int limit 1) as account_id,
                     round((500 + random() * random() * 80000)::numeric, -2) as amount,
                     random() as r1, random() as r2, random() as r3,
                     now() - random() * interval '200 days' as created,
                     (array['Platform licence','Onboarding package','Support upgrade','Team expansion','Pilot project',
                            'Annual renewal','Integration work','Training days'])[1 + floor(random() * 8)::int] as deal_name
                from generate_series(1, 300) g
                join pipelines p on p.name = case when g <= 220 then 'Sales' else 'Renewals' end
            ) x
            join accounts a on a.id = x.account_id
            left join users u on u.id = a.owner_id
            join lateral (
              select st.* from pipeline_stages st where st.pipeline_id = x.pipeline_id
               order by abs(st.position - floor(power(x.r1, 1.6) * (select count(*) from pipeline_stages c where c.pipeline_id = x.pipeline_id))), st.id
               limit 1) s on true
            """;

    /** The account's first contact (if any) becomes the deal's primary contact. */
    private static final String CONTACTS = """
            insert into deal_contacts (deal_id, contact_id)
            select d.id, c.id from deals d
            join lateral (select id from contacts where account_id = d.account_id order by id limit 1) c on true
            where d.id > :since
            on conflict do nothing
            """;

    /** Every stage from the first up to the current one (closed deals jump from their last open stage). */
    private static final String HISTORY = """
            insert into deal_stage_history (deal_id, from_stage, to_stage, changed_by, changed_at)
            select d.id, lag(s.id) over (partition by d.id order by s.position), s.id, d.owner_id,
                   d.created_at + (d.stage_entered_at - d.created_at) * (row_number() over (partition by d.id order by s.position) - 1)
                                  / greatest(1, count(*) over (partition by d.id) - 1)
              from deals d
              join pipeline_stages cur on cur.id = d.stage_id
              join pipeline_stages s on s.pipeline_id = d.pipeline_id
               and (s.id = cur.id or (s.outcome = 'OPEN' and (cur.outcome <> 'OPEN' or s.position < cur.position)))
             where d.id > :since
            """;
}
