-- Churn per month over the last 12 months under INACTIVITY (the configured N, 180 by default): the service SQL on
-- the V35 spells (ChurnRates.SPELL_COUNTS, whole base) beside the live query over the orders it replaced
-- (ChurnRates.LIVE_INACTIVITY, the raw cost). psql -v runs=5 -f bench/churn-spells-queries.sql
\timing on
select inactivity_days as days from churn_settings \gset
select array_agg(g at time zone 'UTC' order by g)::text as starts, array_agg((g + interval '1 month') at time zone 'UTC' order by g)::text as ends
  from generate_series(date_trunc('month', now() at time zone 'UTC' - interval '11 months'), date_trunc('month', now() at time zone 'UTC'), interval '1 month') g \gset
\set spells 'with p as (select s, e from unnest(cast(:''starts'' as timestamptz[]), cast(:''ends'' as timestamptz[])) as p(s, e)), q as (select p.s, p.e, (select count(*) from churn_spells x where x.inactivity_days = :days and x.started_at = p.s) starts_at_s, (select count(*) from churn_spells x where x.inactivity_days = :days and x.churn_at = p.s) churns_at_s from p) select q.s, coalesce((select sum(d.starts - d.churns) from churn_spell_days d where d.inactivity_days = :days and d.day < (q.s at time zone ''UTC'')::date), 0) + q.starts_at_s - q.churns_at_s active, coalesce((select sum(d.churns) from churn_spell_days d where d.inactivity_days = :days and d.day >= (q.s at time zone ''UTC'')::date and d.day < (q.e at time zone ''UTC'')::date), 0) - q.churns_at_s - (select count(*) from churn_spells x where x.inactivity_days = :days and x.started_at > q.s and x.started_at < q.e - make_interval(hours => 24 * :days) and x.churn_at < q.e) churned from q order by q.s'
\echo '== spells (service SQL), 12 months'
:spells;
:spells \g /dev/null
:spells \g /dev/null
:spells \g /dev/null
:spells \g /dev/null
\echo '== live over the orders (raw: the query the spells replace), 12 months'
with o as (select o.contact_id, o.ordered_at, lead(o.ordered_at) over (partition by o.contact_id order by o.ordered_at) nxt
             from orders o join contacts c on c.id = o.contact_id
            where o.status not in ('CANCELLED','REFUNDED') and o.ordered_at < date_trunc('month', now() at time zone 'UTC') at time zone 'UTC' + interval '1 month'),
     iv as (select contact_id, ordered_at a, least(coalesce(nxt, 'infinity'), ordered_at + make_interval(days => :days)) b,
                   case when nxt is null or nxt > ordered_at + make_interval(days => :days) then ordered_at + make_interval(days => :days) end churn_at from o),
     p as (select s, e from unnest(cast(:'starts' as timestamptz[]), cast(:'ends' as timestamptz[])) as p(s, e)),
     x as (select p.s, iv.contact_id, bool_or(iv.a <= p.s and p.s < iv.b) active, bool_or(iv.churn_at >= p.s and iv.churn_at < p.e) churned
             from p join iv on iv.a <= p.s and iv.b >= p.s or iv.a > p.s and iv.a < p.e group by 1, 2)
select p.s, count(*) filter (where x.active) active, count(*) filter (where x.active and x.churned) churned from p left join x on x.s = p.s group by p.s order by p.s;
\echo '== P_ALIVE (service SQL, unchanged: contact_order_stats + customer_values), 12 months'
with iv as (select s.contact_id, s.first_order_at a, case when v.p_alive < 0.3 then s.last_order_at else 'infinity' end b,
                   case when v.p_alive < 0.3 then s.last_order_at end churn_at
              from contact_order_stats s join contacts c on c.id = s.contact_id left join customer_values v on v.contact_id = s.contact_id),
     p as (select s, e from unnest(cast(:'starts' as timestamptz[]), cast(:'ends' as timestamptz[])) as p(s, e)),
     x as (select p.s, iv.contact_id, bool_or(iv.a <= p.s and p.s < iv.b) active, bool_or(iv.churn_at >= p.s and iv.churn_at < p.e) churned
             from p join iv on iv.a <= p.s and iv.b >= p.s or iv.a > p.s and iv.a < p.e group by 1, 2)
select p.s, count(*) filter (where x.active), count(*) filter (where x.active and x.churned) from p left join x on x.s = p.s group by p.s \g /dev/null
\echo '== EVENT (service SQL, unchanged: contact_order_stats + churn_events), 12 months'
with iv as (select s.contact_id, s.first_order_at a, coalesce((e.churned_on::timestamp at time zone 'UTC'), 'infinity') b,
                   (e.churned_on::timestamp at time zone 'UTC') churn_at
              from contact_order_stats s join contacts c on c.id = s.contact_id left join churn_events e on e.contact_id = s.contact_id),
     p as (select s, e from unnest(cast(:'starts' as timestamptz[]), cast(:'ends' as timestamptz[])) as p(s, e)),
     x as (select p.s, iv.contact_id, bool_or(iv.a <= p.s and p.s < iv.b) active, bool_or(iv.churn_at >= p.s and iv.churn_at < p.e) churned
             from p join iv on iv.a <= p.s and iv.b >= p.s or iv.a > p.s and iv.a < p.e group by 1, 2)
select p.s, count(*) filter (where x.active), count(*) filter (where x.active and x.churned) from p left join x on x.s = p.s group by p.s \g /dev/null
