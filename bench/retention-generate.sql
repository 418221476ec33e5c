-- Churn / cohort / RFM benchmark data: :customers contacts and :orders orders over the last three years.
-- Each customer starts on a day of the last ~1000 days; their orders fall between that day and now (three in ten
-- customers only in the first third of that span: they churned). 3% cancelled and 2% refunded (not counted).
-- A bulk load, as a bulk import that matters should do it: one set-based statement per table with every trigger off
-- (session_replication_role = replica also skips the foreign-key checks; the ids are right by construction) and the
-- secondary indexes of contacts and orders dropped, then the indexes re-created, the rollups rebuilt in one pass each
-- (V31 analytics_rebuild_order_rollups(); V33's KPI rollups with its backfill statements) and the tables analysed.
-- The incremental trigger cost is measured separately by retention.sh.
-- psql -v customers=1000000 -v orders=10000000 -f bench/retention-generate.sql
\timing on
set work_mem = '256MB';
set maintenance_work_mem = '1GB';
select setseed(0.31);

-- secondary indexes and unique constraints of contacts and orders, dropped now and re-created after the load
create temp table bench_ddl as
select 'index' kind, i.indexname::text name, i.indexdef::text ddl, i.tablename::text tbl
  from pg_indexes i
 where i.schemaname = current_schema() and i.tablename in ('contacts', 'orders')
   and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.conrelid = i.tablename::regclass)
union all
select 'constraint', c.conname, pg_get_constraintdef(c.oid), c.conrelid::regclass::text
  from pg_constraint c
 where c.conrelid in ('contacts'::regclass, 'orders'::regclass) and c.contype = 'u';
select format('drop index %I', name) from bench_ddl where kind = 'index' \gexec
select format('alter table %I drop constraint %I', tbl, name) from bench_ddl where kind = 'constraint' \gexec

set session_replication_role = replica;
insert into contacts (first_name, last_name, owner_id)
select 'Bench', 'Customer ' || g, null from generate_series(1, :customers) g;
select min(id) lo from contacts where first_name = 'Bench' \gset

insert into orders (number, contact_id, ordered_at, status, currency, total)
select 'BENCH-' || g, :lo + c,
       now() - make_interval(days => s::int) + make_interval(secs => (random() * (case when c % 10 < 3 then 0.3 else 1 end) * s * 86400)),
       case when x < 0.03 then 'CANCELLED' when x < 0.05 then 'REFUNDED' else 'COMPLETED' end,
       'EUR', round((20 + random() * 180)::numeric, 2)
  from generate_series(0, :orders - 1) g
  cross join lateral (select g % :customers as c, 5 + (((g % :customers) * 2654435761) % 1000) as s, random() as x where g >= 0) v;
set session_replication_role = origin;

select ddl from bench_ddl where kind = 'index' \gexec
select format('alter table %I add constraint %I %s', tbl, name, ddl) from bench_ddl where kind = 'constraint' \gexec

select analytics_rebuild_order_rollups();
-- V33 KPI rollups (its backfill statements; kpi_first_orders' own trigger fills kpi_daily_new_customers)
delete from kpi_daily_orders;
delete from kpi_first_orders;
delete from kpi_daily_new_customers;
insert into kpi_daily_orders (day, currency, orders, revenue)
select (ordered_at at time zone 'UTC')::date, currency, count(*), sum(total)
  from orders where status not in ('CANCELLED', 'REFUNDED') group by 1, 2;
insert into kpi_first_orders (contact_id, first_order_at)
select contact_id, min(ordered_at) from orders
 where contact_id is not null and status not in ('CANCELLED', 'REFUNDED') group by contact_id;

vacuum analyze contacts;
vacuum analyze orders;
vacuum analyze contact_order_stats;
vacuum analyze contact_month_activity;
vacuum analyze cohort_month_counts;
vacuum analyze kpi_first_orders;
select (select count(*) from orders) orders, (select count(*) from contact_order_stats) customers,
       (select count(*) from contact_month_activity) contact_months, (select count(*) from cohort_month_counts) cohort_cells;
