-- Churn / cohort / RFM benchmark data: :customers contacts and :orders orders over the last three years.
-- Each customer starts on a day of the last ~1000 days; their orders fall between that day and now (three in ten
-- customers only in the first third of that span: they churned). 3% cancelled and 2% refunded (not counted).
-- Written with the rollup triggers disabled, then rebuilt in one pass (analytics_rebuild_order_rollups), as a bulk
-- load should; the incremental trigger cost is measured separately by retention.sh.
-- psql -v customers=1000000 -v orders=10000000 -f bench/retention-generate.sql
\timing on
select setseed(0.31);
alter table contacts disable trigger user;
insert into contacts (first_name, last_name, owner_id)
select 'Bench', 'Customer ' || g, null from generate_series(1, :customers) g;
alter table contacts enable trigger user;
create temp table bench_range as select min(id) lo, max(id) hi from contacts where first_name = 'Bench';

alter table orders disable trigger user;
insert into orders (number, contact_id, ordered_at, status, currency, total)
select 'BENCH-' || g, r.lo + c,
       now() - make_interval(days => s::int) + make_interval(secs => (random() * (case when c % 10 < 3 then 0.3 else 1 end) * s * 86400)),
       case when x < 0.03 then 'CANCELLED' when x < 0.05 then 'REFUNDED' else 'COMPLETED' end,
       'EUR', round((20 + random() * 180)::numeric, 2)
  from bench_range r, generate_series(0, :orders - 1) g
  cross join lateral (select g % :customers as c, 5 + (((g % :customers) * 2654435761) % 1000) as s, random() as x where g >= 0) v;
alter table orders enable trigger user;

select analytics_rebuild_order_rollups();
vacuum analyze contacts;
vacuum analyze orders;
vacuum analyze contact_order_stats;
vacuum analyze contact_month_activity;
vacuum analyze cohort_month_counts;
select (select count(*) from orders) orders, (select count(*) from contact_order_stats) customers,
       (select count(*) from contact_month_activity) contact_months, (select count(*) from cohort_month_counts) cohort_cells;
