-- RFM and journey requests before and after ADR 0037 (bench/retention.sh, SCENARIOS with rfm/journeys): the old
-- per-request SQL (what the API ran until V37: raw cost of the work) beside the snapshot reads the API runs now.
\timing on
\echo '== RFM summary, old per-request SQL (Rfm.SCORES + contacts join + per-segment sums, as the API ran it for an admin)'
with x as (select contact_id, last_order_at, orders, revenue, r, f, m, fm, case when r = 5 and fm = 5 then 'champions' when r = 5 and fm = 4 then 'champions' when r = 5 and fm = 3 then 'potential-loyalists' when r = 5 and fm = 2 then 'potential-loyalists' when r = 5 and fm = 1 then 'new-customers' when r = 4 and fm = 5 then 'loyal' when r = 4 and fm = 4 then 'loyal' when r = 4 and fm = 3 then 'potential-loyalists' when r = 4 and fm = 2 then 'potential-loyalists' when r = 4 and fm = 1 then 'promising' when r = 3 and fm = 5 then 'loyal' when r = 3 and fm = 4 then 'loyal' when r = 3 and fm = 3 then 'need-attention' when r = 3 and fm = 2 then 'about-to-sleep' when r = 3 and fm = 1 then 'about-to-sleep' when r = 2 and fm = 5 then 'cant-lose-them' when r = 2 and fm = 4 then 'at-risk' when r = 2 and fm = 3 then 'at-risk' when r = 2 and fm = 2 then 'hibernating' when r = 2 and fm = 1 then 'hibernating' when r = 1 and fm = 5 then 'cant-lose-them' when r = 1 and fm = 4 then 'at-risk' when r = 1 and fm = 3 then 'at-risk' when r = 1 and fm = 2 then 'lost' when r = 1 and fm = 1 then 'lost' end as segment
  from (select q.*, (f + m + 1) / 2 as fm
          from (select s.contact_id, s.last_order_at, s.orders, s.revenue,
                       1 + (s.last_order_at > b.rt[1])::int + (s.last_order_at > b.rt[2])::int + (s.last_order_at > b.rt[3])::int + (s.last_order_at > b.rt[4])::int as r,
                       1 + (s.orders > b.ft[1])::int + (s.orders > b.ft[2])::int + (s.orders > b.ft[3])::int + (s.orders > b.ft[4])::int as f,
                       1 + (s.revenue > b.mt[1])::int + (s.revenue > b.mt[2])::int + (s.revenue > b.mt[3])::int + (s.revenue > b.mt[4])::int as m
                  from contact_order_stats s,
                       (select percentile_disc(p) within group (order by c.last_order_at) rt, percentile_disc(p) within group (order by c.orders) ft,
                               percentile_disc(p) within group (order by c.revenue) mt
                          from contact_order_stats c,
                               (select array[((n + 4) / 5 - 0.5) / n, ((2 * n + 4) / 5 - 0.5) / n, ((3 * n + 4) / 5 - 0.5) / n, ((4 * n + 4) / 5 - 0.5) / n]::float8[] p
                                  from (select nullif(count(*), 0) n from contact_order_stats) cnt) pp group by pp.p) b) q) g)
select x.r, x.fm, x.segment, count(*), sum(x.revenue), sum(x.orders), sum(extract(epoch from now() - x.last_order_at) / 86400)
  from x join contacts c on c.id = x.contact_id where true group by 1, 2, 3 \g /dev/null
\echo '== RFM summary, new: the snapshot grid'
select r, fm, segment, customers, revenue, orders, (customers * extract(epoch from now()) - last_order_epoch) / 86400 from rfm_grid \g /dev/null
\echo '== RFM at-risk customers page, new: the snapshot index'
select x.contact_id, c.last_name, x.r, x.f, x.m from rfm_scores x join contacts c on c.id = x.contact_id
 where x.segment = 'at-risk' order by x.revenue desc, x.contact_id limit 50 \g /dev/null
\echo '== journey funnel of all contacts, old per-request SQL'
with seg as (select c.id, c.created_at from contacts c where true),
     l as (select l.converted_contact_id cid, min(l.created_at) created, min(l.converted_at) converted
             from leads l join seg on seg.id = l.converted_contact_id group by 1),
     d as (select dc.contact_id cid, min(d.created_at) opened, min(d.closed_at) filter (where d.status = 'WON') won
             from deal_contacts dc join seg on seg.id = dc.contact_id join deals d on d.id = dc.deal_id group by 1),
     e as (select a.contact_id cid,
                  min(a.occurred_at) filter (where a.kind in ('CALL','MEETING') or a.direction = 'INBOUND'
                                              or a.journey_stage = 'CONSIDERATION') engaged,
                  min(a.occurred_at) filter (where a.journey_stage = 'ADVOCACY') advocated
             from activities a join seg on seg.id = a.contact_id group by 1),
     o as (select cid, min(ordered_at) first_at, min(ordered_at) filter (where rn = 2) second_at
             from (select o.contact_id cid, o.ordered_at, row_number() over (partition by o.contact_id order by o.ordered_at, o.id) rn
                     from orders o join seg on seg.id = o.contact_id
                    where o.status not in ('CANCELLED','REFUNDED')) x where rn <= 2 group by cid),
     p as (select s.contact_id cid, min(s.answered_at) promoted from survey_responses s join seg on seg.id = s.contact_id
            where s.kind = 'NPS' and s.score >= 9 group by 1),
     j as (select least(seg.created_at, l.created) t1, least(l.converted, d.opened, e.engaged) t2,
                  least(o.first_at, d.won) t3, o.second_at t4, least(p.promoted, e.advocated) t5
             from seg left join l on l.cid = seg.id left join d on d.cid = seg.id left join e on e.cid = seg.id
             left join o on o.cid = seg.id left join p on p.cid = seg.id)
select count(*),
       count(*) filter (where coalesce(t2, t3, t4) is not null),
       count(*) filter (where coalesce(t3, t4) is not null),
       count(*) filter (where t4 is not null or (t3 is not null and t5 is not null)),
       count(*) filter (where t5 is not null and coalesce(t3, t4) is not null),
       percentile_cont(0.5) within group (order by extract(epoch from t2 - t1) / 86400) filter (where t2 >= t1),
       count(*) filter (where t2 >= t1),
       percentile_cont(0.5) within group (order by extract(epoch from t3 - t2) / 86400) filter (where t3 >= t2),
       count(*) filter (where t3 >= t2),
       percentile_cont(0.5) within group (order by extract(epoch from t4 - t3) / 86400) filter (where t4 >= t3),
       count(*) filter (where t4 >= t3),
       percentile_cont(0.5) within group (order by extract(epoch from t5 - t4) / 86400) filter (where t5 >= t4),
       count(*) filter (where t5 >= t4)
  from j \g /dev/null
\echo '== journey funnel of tag:vip, old per-request SQL'
with seg as (select c.id, c.created_at from contacts c where c.tags @> array['vip']),
     l as (select l.converted_contact_id cid, min(l.created_at) created, min(l.converted_at) converted
             from leads l join seg on seg.id = l.converted_contact_id group by 1),
     d as (select dc.contact_id cid, min(d.created_at) opened, min(d.closed_at) filter (where d.status = 'WON') won
             from deal_contacts dc join seg on seg.id = dc.contact_id join deals d on d.id = dc.deal_id group by 1),
     e as (select a.contact_id cid,
                  min(a.occurred_at) filter (where a.kind in ('CALL','MEETING') or a.direction = 'INBOUND'
                                              or a.journey_stage = 'CONSIDERATION') engaged,
                  min(a.occurred_at) filter (where a.journey_stage = 'ADVOCACY') advocated
             from activities a join seg on seg.id = a.contact_id group by 1),
     o as (select cid, min(ordered_at) first_at, min(ordered_at) filter (where rn = 2) second_at
             from (select o.contact_id cid, o.ordered_at, row_number() over (partition by o.contact_id order by o.ordered_at, o.id) rn
                     from orders o join seg on seg.id = o.contact_id
                    where o.status not in ('CANCELLED','REFUNDED')) x where rn <= 2 group by cid),
     p as (select s.contact_id cid, min(s.answered_at) promoted from survey_responses s join seg on seg.id = s.contact_id
            where s.kind = 'NPS' and s.score >= 9 group by 1),
     j as (select least(seg.created_at, l.created) t1, least(l.converted, d.opened, e.engaged) t2,
                  least(o.first_at, d.won) t3, o.second_at t4, least(p.promoted, e.advocated) t5
             from seg left join l on l.cid = seg.id left join d on d.cid = seg.id left join e on e.cid = seg.id
             left join o on o.cid = seg.id left join p on p.cid = seg.id)
select count(*),
       count(*) filter (where coalesce(t2, t3, t4) is not null),
       count(*) filter (where coalesce(t3, t4) is not null),
       count(*) filter (where t4 is not null or (t3 is not null and t5 is not null)),
       count(*) filter (where t5 is not null and coalesce(t3, t4) is not null),
       percentile_cont(0.5) within group (order by extract(epoch from t2 - t1) / 86400) filter (where t2 >= t1),
       count(*) filter (where t2 >= t1),
       percentile_cont(0.5) within group (order by extract(epoch from t3 - t2) / 86400) filter (where t3 >= t2),
       count(*) filter (where t3 >= t2),
       percentile_cont(0.5) within group (order by extract(epoch from t4 - t3) / 86400) filter (where t4 >= t3),
       count(*) filter (where t4 >= t3),
       percentile_cont(0.5) within group (order by extract(epoch from t5 - t4) / 86400) filter (where t5 >= t4),
       count(*) filter (where t5 >= t4)
  from j \g /dev/null
\echo '== journey funnel of tag:vip, new: over the snapshot'
with j as (select cj.t1, cj.t2, cj.t3, cj.t4, cj.t5 from contact_journeys cj join contacts c on c.id = cj.contact_id where c.tags @> array['vip'])
select count(*), count(*) filter (where coalesce(t2, t3, t4) is not null), count(*) filter (where coalesce(t3, t4) is not null),
       count(*) filter (where t4 is not null or (t3 is not null and t5 is not null)), count(*) filter (where t5 is not null and coalesce(t3, t4) is not null),
       percentile_cont(0.5) within group (order by extract(epoch from t2 - t1) / 86400) filter (where t2 >= t1), count(*) filter (where t2 >= t1),
       percentile_cont(0.5) within group (order by extract(epoch from t3 - t2) / 86400) filter (where t3 >= t2), count(*) filter (where t3 >= t2),
       percentile_cont(0.5) within group (order by extract(epoch from t4 - t3) / 86400) filter (where t4 >= t3), count(*) filter (where t4 >= t3),
       percentile_cont(0.5) within group (order by extract(epoch from t5 - t4) / 86400) filter (where t5 >= t4), count(*) filter (where t5 >= t4)
  from j \g /dev/null
