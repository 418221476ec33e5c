-- Executive KPI benchmark data: :contacts contacts, :orders orders over the last three years (in chunks of a million,
-- through the V33 statement triggers that keep the daily rollups), :tickets tickets and :answers survey answers
-- (half NPS, 30% CSAT, 20% CES), all with the rollup triggers on, as the app writes them.
-- psql -v contacts=200000 -v orders=10000000 -v tickets=1000000 -v answers=500000 -f bench/kpis-generate.sql
\timing on
select setseed(0.33);
alter table contacts disable trigger user;  -- the search-word triggers; nothing the KPIs read
insert into contacts (first_name, last_name, lifecycle_stage, tags)
select 'Bench', 'Customer ' || g,
       (array['LEAD','PROSPECT','CUSTOMER','CUSTOMER','CLIENT','ADVOCATE','CHURNED'])[1 + floor(random() * 7)::int],
       case when g % 10 = 0 then array['vip'] else '{}'::text[] end
  from generate_series(1, :contacts) g;
alter table contacts enable trigger user;
select min(id) as cmin from contacts where first_name = 'Bench' \gset

-- orders in chunks of 1,000,000 rows in time order. For speed on a shared machine the orders' secondary indexes and
-- the rollup triggers are off while loading and rebuilt after (the rollups with V33's backfill statements, which the
-- triggers reproduce incrementally — KpiDashboardTest checks the triggers against the base tables); the trigger
-- cost on writes is measured separately at the end.
alter table orders disable trigger user;
drop index orders_contact_idx, orders_account_idx, orders_ordered_idx, orders_status_idx;
alter table orders drop constraint orders_number_key;
select format($f$
insert into orders (number, contact_id, ordered_at, status, channel, currency, total)
select 'B' || g, %s + floor(random() * %s)::bigint,
       now() - interval '1095 days' + (g::float8 / %s) * interval '1095 days',
       case when x.r < 0.05 then 'CANCELLED' when x.r < 0.07 then 'REFUNDED' else 'COMPLETED' end,
       'WEB', case when random() < 0.9 then 'EUR' else 'USD' end, round((10 + random() * 290)::numeric, 2)
  from generate_series(%s, %s) g cross join lateral (select random() as r where g > 0) x$f$,
       :cmin, :contacts, :orders, i * 1000000 + 1, least((i + 1) * 1000000, :orders))
  from generate_series(0, (:orders - 1) / 1000000) i
\gexec
alter table orders add constraint orders_number_key unique (number);
create index orders_contact_idx on orders (contact_id, ordered_at desc);
create index orders_account_idx on orders (account_id, ordered_at desc);
create index orders_ordered_idx on orders (ordered_at desc, id desc);
create index orders_status_idx on orders (status, ordered_at desc);
alter table orders enable trigger user;
delete from kpi_daily_orders;
delete from kpi_first_orders;
delete from kpi_daily_new_customers;
insert into kpi_daily_orders (day, currency, orders, revenue)
select (ordered_at at time zone 'UTC')::date, currency, count(*), sum(total)
  from orders where status not in ('CANCELLED', 'REFUNDED') group by 1, 2;
insert into kpi_first_orders (contact_id, first_order_at)   -- its trigger fills kpi_daily_new_customers
select contact_id, min(ordered_at) from orders
 where contact_id is not null and status not in ('CANCELLED', 'REFUNDED') group by contact_id;

-- tickets and survey answers go through the rollup triggers (one statement each)
insert into tickets (subject, status, channel, requester_id, created_at, updated_at, first_response_at, solved_at,
                     reopen_count, agent_public_replies)
select 'Bench ticket ' || g, case when x.solved then 'SOLVED' else 'OPEN' end, 'EMAIL', :cmin + floor(random() * :contacts)::bigint,
       x.created, x.created,
       case when x.replies > 0 then x.created + random() * interval '30 hours' end,
       case when x.solved then x.created + interval '30 hours' + random() * interval '10 days' end,
       case when random() < 0.08 then 1 else 0 end, x.replies
  from generate_series(1, :tickets) g
  cross join lateral (select now() - interval '1095 days' + (g::float8 / :tickets) * interval '1095 days' as created,
                             random() < 0.85 as solved, (array[0,1,1,1,2,2,3])[1 + floor(random() * 7)::int] as replies
                       where g > 0) x;

insert into survey_responses (kind, score, contact_id, source, answered_at)
select x.kind,
       case x.kind when 'NPS' then floor(random() * 11)::int when 'CSAT' then 1 + floor(random() * 5)::int else 1 + floor(random() * 7)::int end,
       :cmin + floor(random() * :contacts)::bigint, 'BENCH',
       now() - interval '1095 days' + (g::float8 / :answers) * interval '1095 days'
  from generate_series(1, :answers) g
  cross join lateral (select case when random() < 0.5 then 'NPS' when random() < 0.6 then 'CSAT' else 'CES' end as kind where g > 0) x;

vacuum analyze contacts;
vacuum analyze orders;
vacuum analyze tickets;
vacuum analyze survey_responses;
vacuum analyze kpi_first_orders;
-- what the triggers cost a write: 100,000 orders in one statement and 1,000 single-row inserts, with and without
-- them (rolled back)
begin;
alter table orders disable trigger user;
insert into orders (number, contact_id, ordered_at, currency, total)
select 'T' || g, :cmin + floor(random() * :contacts)::bigint, now() - random() * interval '1000 days', 'EUR', 10 from generate_series(1, 100000) g;
rollback;
begin;
insert into orders (number, contact_id, ordered_at, currency, total)
select 'T' || g, :cmin + floor(random() * :contacts)::bigint, now() - random() * interval '1000 days', 'EUR', 10 from generate_series(1, 100000) g;
rollback;
begin;
alter table orders disable trigger user;
do $$ begin for i in 1..1000 loop
  insert into orders (number, contact_id, ordered_at, currency, total)
  values ('S' || i, (select min(id) from contacts where first_name = 'Bench') + i, now() - random() * interval '1000 days', 'EUR', 10);
end loop; end $$;
rollback;
begin;
do $$ begin for i in 1..1000 loop
  insert into orders (number, contact_id, ordered_at, currency, total)
  values ('S' || i, (select min(id) from contacts where first_name = 'Bench') + i, now() - random() * interval '1000 days', 'EUR', 10);
end loop; end $$;
rollback;

select (select count(*) from orders) as orders, (select count(*) from tickets) as tickets,
       (select count(*) from survey_responses) as answers, (select count(*) from kpi_first_orders) as customers,
       (select count(*) from kpi_daily_orders) as order_rollup_rows;
