package io.rapport.analytics.journeys;

import io.rapport.analytics.jobs.AnalyticsJobs;
import io.rapport.analytics.jobs.Snapshots;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The journey snapshot: each contact's five stage dates in {@code contact_journeys} (only changed rows written), and
 * the funnel of all contacts in {@code journey_funnel_all}. The V37 triggers on contacts, leads, deals, deal contacts,
 * the timeline, orders and survey answers count the changes that make it stale.
 */
@Component
class JourneySnapshot implements Snapshots.Source {

    static final String NAME = "JOURNEY";

    /** Each contact's stage dates (see {@link Journeys} for what dates a stage). */
    static final String STAGE_DATES = """
            with seg as (select c.id, c.created_at from contacts c),
                 l as (select l.converted_contact_id cid, min(l.created_at) created, min(l.converted_at) converted
                         from leads l where l.converted_contact_id is not null group by 1),
                 d as (select dc.contact_id cid, min(d.created_at) opened, min(d.closed_at) filter (where d.status = 'WON') won
                         from deal_contacts dc join deals d on d.id = dc.deal_id group by 1),
                 e as (select a.contact_id cid,
                              min(a.occurred_at) filter (where a.kind in ('CALL','MEETING') or a.direction = 'INBOUND'
                                                          or a.journey_stage = 'CONSIDERATION') engaged,
                              min(a.occurred_at) filter (where a.journey_stage = 'ADVOCACY') advocated
                         from activities a where a.contact_id is not null group by 1),
                 o as (select cid, min(ordered_at) first_at, min(ordered_at) filter (where rn = 2) second_at
                         from (select o.contact_id cid, o.ordered_at, row_number() over (partition by o.contact_id order by o.ordered_at, o.id) rn
                                 from orders o
                                where o.contact_id is not null and o.status not in ('CANCELLED','REFUNDED')) x where rn <= 2 group by cid),
                 p as (select s.contact_id cid, min(s.answered_at) promoted from survey_responses s
                        where s.contact_id is not null and s.kind = 'NPS' and s.score >= 9 group by 1)
            select seg.id, least(seg.created_at, l.created) t1, least(l.converted, d.opened, e.engaged) t2,
                   least(o.first_at, d.won) t3, o.second_at t4, least(p.promoted, e.advocated) t5
              from seg left join l on l.cid = seg.id left join d on d.cid = seg.id left join e on e.cid = seg.id
              left join o on o.cid = seg.id left join p on p.cid = seg.id""";

    private final JdbcClient jdbc;
    private final Snapshots.Spec spec;

    JourneySnapshot(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.spec = new Snapshots.Spec(NAME, "analytics_journey_changes", "contacts", AnalyticsJobs.Kind.JOURNEY_REFRESH, this::refresh);
    }

    @Override
    public Snapshots.Spec spec() {
        return spec;
    }

    long refresh(AnalyticsJobs.Progress progress) {
        progress.step("dating the stages of every contact", 0, 3L);
        jdbc.sql("""
                insert into contact_journeys (contact_id, t1, t2, t3, t4, t5)
                %s
                on conflict (contact_id) do update set t1 = excluded.t1, t2 = excluded.t2, t3 = excluded.t3, t4 = excluded.t4, t5 = excluded.t5
                 where (contact_journeys.t1, contact_journeys.t2, contact_journeys.t3, contact_journeys.t4, contact_journeys.t5)
                       is distinct from (excluded.t1, excluded.t2, excluded.t3, excluded.t4, excluded.t5)""".formatted(STAGE_DATES)).update();
        progress.step("removing deleted contacts", 1, 3L);
        jdbc.sql("delete from contact_journeys x where not exists (select 1 from contacts c where c.id = x.contact_id)").update();
        progress.step("the funnel of all contacts", 2, 3L);
        Double[] figures = jdbc.sql(Journeys.FUNNEL_SQL.formatted("true")).query(Journeys::figures);
        jdbc.sql("""
                insert into journey_funnel_all (id, figures) values (true, cast(:f as float8[]))
                on conflict (id) do update set figures = excluded.figures""").param("f", figures).update();
        progress.step("done", 3, 3L);
        return figures[0] == null ? 0 : figures[0].longValue();
    }
}
