-- The SQL behind the cohort, RFM and churn endpoints (service path) beside the raw SQL of the same work straight
-- from orders. Run with \timing; each query three times.
\timing on
\echo '== cohort table (service: cohort_month_counts), last 36 cohorts x 36 months'
select count(*), sum(customers) from cohort_month_counts
 where cohort_month between date_trunc('month', now() - interval '35 months')::date and now()::date and month_offset <= 36 \g /dev/null
\echo '== cohort table (raw: straight from orders)'
with a as (select contact_id, date_trunc('month', ordered_at at time zone 'UTC')::date m from orders
            where contact_id is not null and status not in ('CANCELLED','REFUNDED') group by 1, 2),
     f as (select contact_id, min(m) fm from a group by 1)
select fm, analytics_month_offset(fm, m) o, count(*) n from a join f using (contact_id)
 where fm >= date_trunc('month', now() - interval '35 months')::date group by 1, 2 \g /dev/null
\echo '== RFM (raw: the service query with contact_order_stats replaced by an aggregate of orders)'
with st as (select contact_id, max(ordered_at) last_order_at, count(*) orders, sum(total) revenue from orders
             where contact_id is not null and status not in ('CANCELLED','REFUNDED') group by 1),
     q as (select contact_id, last_order_at, orders, revenue,
                  1 + floor(5.0 * (rank() over (order by last_order_at) - 1) / count(*) over ())::int as r,
                  1 + floor(5.0 * (rank() over (order by orders) - 1) / count(*) over ())::int as f,
                  1 + floor(5.0 * (rank() over (order by revenue) - 1) / count(*) over ())::int as m from st)
select r, (f + m + 1) / 2 fm, count(*), sum(revenue) from q group by 1, 2 \g /dev/null
\echo '== RFM (service SQL: quintile boundaries by percentile_disc over contact_order_stats, one scoring scan, without the contacts join)'
with q as (select s.contact_id, s.last_order_at, s.orders, s.revenue,
                  1 + (s.last_order_at > b.rt[1])::int + (s.last_order_at > b.rt[2])::int + (s.last_order_at > b.rt[3])::int + (s.last_order_at > b.rt[4])::int as r,
                  1 + (s.orders > b.ft[1])::int + (s.orders > b.ft[2])::int + (s.orders > b.ft[3])::int + (s.orders > b.ft[4])::int as f,
                  1 + (s.revenue > b.mt[1])::int + (s.revenue > b.mt[2])::int + (s.revenue > b.mt[3])::int + (s.revenue > b.mt[4])::int as m
             from contact_order_stats s,
                  (select percentile_disc(p) within group (order by c.last_order_at) rt, percentile_disc(p) within group (order by c.orders) ft,
                          percentile_disc(p) within group (order by c.revenue) mt
                     from contact_order_stats c,
                          (select array[((n + 4) / 5 - 0.5) / n, ((2 * n + 4) / 5 - 0.5) / n, ((3 * n + 4) / 5 - 0.5) / n, ((4 * n + 4) / 5 - 0.5) / n]::float8[] p
                             from (select nullif(count(*), 0) n from contact_order_stats) cnt) pp group by pp.p) b)
select r, (f + m + 1) / 2 fm, count(*), sum(revenue) from q group by 1, 2 \g /dev/null
\echo '== RFM (the V31 service SQL before this change: three rank() windows over contact_order_stats, without the contacts join)'
with q as (select contact_id, last_order_at, orders, revenue,
                  1 + floor(5.0 * (rank() over (order by last_order_at) - 1) / count(*) over ())::int as r,
                  1 + floor(5.0 * (rank() over (order by orders) - 1) / count(*) over ())::int as f,
                  1 + floor(5.0 * (rank() over (order by revenue) - 1) / count(*) over ())::int as m from contact_order_stats)
select r, (f + m + 1) / 2 fm, count(*), sum(revenue) from q group by 1, 2 \g /dev/null
\echo '== churn per month, 12 months, INACTIVITY 180 days (the service query; it reads orders, there is no rollup for it)'
with o as (select o.contact_id, o.ordered_at, lead(o.ordered_at) over (partition by o.contact_id order by o.ordered_at) nxt
             from orders o join contacts c on c.id = o.contact_id
            where o.status not in ('CANCELLED','REFUNDED') and o.ordered_at < date_trunc('month', now()) + interval '1 month'),
     iv as (select contact_id, ordered_at a, least(coalesce(nxt, 'infinity'), ordered_at + interval '180 days') b,
                   case when nxt is null or nxt > ordered_at + interval '180 days' then ordered_at + interval '180 days' end churn_at from o),
     p as (select (g at time zone 'UTC') s, ((g + interval '1 month') at time zone 'UTC') e
             from generate_series(date_trunc('month', now() - interval '11 months')::timestamp, date_trunc('month', now())::timestamp, interval '1 month') g),
     x as (select p.s, iv.contact_id, bool_or(iv.a <= p.s and p.s < iv.b) active, bool_or(iv.churn_at >= p.s and iv.churn_at < p.e) churned
             from p join iv on iv.a <= p.s and iv.b >= p.s or iv.a > p.s and iv.a < p.e group by 1, 2)
select p.s, count(*) filter (where x.active), count(*) filter (where x.active and x.churned) from p left join x on x.s = p.s group by p.s \g /dev/null
