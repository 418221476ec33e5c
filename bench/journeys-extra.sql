-- Journey sources for the retention benchmark's customers (bench/retention.sh with JOURNEYS=1): a tenth tagged vip,
-- converted leads for a fifth, timeline calls for a third, NPS answers for a tenth (a third of them promoters).
-- Set-based with triggers off (session_replication_role = replica), as retention-generate.sql loads orders.
-- psql -f bench/journeys-extra.sql
\timing on
set work_mem = '256MB';
select setseed(0.37);
set session_replication_role = replica;
create temp table bc as select id, row_number() over (order by id) n,
       coalesce((select first_order_at from contact_order_stats s where s.contact_id = c.id), now() - interval '400 days') first_at
  from contacts c where first_name = 'Bench';
-- contacts keep their creation time (the load); awareness is dated earlier by the converted leads
update contacts c set tags = array['vip'] from bc where bc.id = c.id and bc.n % 10 = 0;
insert into leads (last_name, source, status, converted_contact_id, converted_at, created_at)
select 'Bench', 'web', 'CONVERTED', bc.id, bc.first_at - interval '10 days', bc.first_at - interval '40 days' from bc where bc.n % 5 = 2;
insert into activities (kind, channel, occurred_at, contact_id, subject, direction, sentiment)
select 'CALL', 'PHONE', bc.first_at - interval '5 days' + random() * interval '60 days', bc.id, 'Bench call', 'OUTBOUND',
       (array['POSITIVE','NEUTRAL','NEGATIVE'])[1 + floor(random() * 3)::int]
  from bc where bc.n % 3 = 1;
insert into survey_responses (kind, score, contact_id, source, answered_at)
select 'NPS', floor(random() * 11)::int, bc.id, 'BENCH', bc.first_at + interval '90 days' from bc where bc.n % 10 = 7;
set session_replication_role = origin;
vacuum analyze contacts;
vacuum analyze leads;
vacuum analyze activities;
vacuum analyze survey_responses;
