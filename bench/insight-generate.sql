-- Personas and journey benchmark data: :contacts contacts created over three years, about half of them customers with
-- 1–8 orders, a tenth with tickets (a fifth of them complaints), NPS answers for a tenth, timeline entries for a
-- third, leads converted for a fifth (no deals: leads and the timeline date consideration) — what PersonaFeatures and the journey funnel read.
-- psql -v contacts=1000000 -f bench/insight-generate.sql
select setseed(0.32);
alter table contacts disable trigger user;
insert into contacts (last_name, lifecycle_stage, source, tags, created_at, updated_at)
select 'Bench ' || g, (array['LEAD','PROSPECT','CUSTOMER','CUSTOMER','CLIENT'])[1 + floor(random() * 5)::int],
       (array['web','referral','event','ads','partner'])[1 + floor(random() * 5)::int],
       case when g % 10 = 0 then array['vip'] else '{}' end,
       now() - interval '1095 days' + (g::float8 / :contacts) * interval '1090 days', now()
  from generate_series(1, :contacts) g;
alter table contacts enable trigger user;
create temp table bc as select id, created_at, row_number() over (order by id) n from contacts where last_name like 'Bench %';

alter table orders disable trigger user;
insert into orders (number, contact_id, ordered_at, status, channel, currency, total)
select 'B-' || bc.id || '-' || k, bc.id, bc.created_at + (k * 30 + random() * 60) * interval '1 day', 'COMPLETED', 'WEB', 'EUR',
       round((20 + random() * random() * 800)::numeric, 2)
  from bc cross join lateral generate_series(1, 1 + floor(random() * 8)::int) k
 where bc.n % 2 = 0 and bc.created_at + (k * 30) * interval '1 day' < now();
alter table orders enable trigger user;

alter table tickets disable trigger user;
insert into tickets (subject, status, type, channel, requester_id, created_at, solved_at, sentiment)
select 'Bench', 'SOLVED', case when random() < 0.2 then 'COMPLAINT' else 'QUESTION' end,
       (array['EMAIL','WEB','PHONE','CHAT'])[1 + floor(random() * 4)::int], bc.id,
       bc.created_at + interval '20 days', bc.created_at + interval '21 days', round((random() * 2 - 1)::numeric, 3)
  from bc where bc.n % 10 = 3;
alter table tickets enable trigger user;

insert into survey_responses (kind, score, contact_id, source, answered_at)
select 'NPS', floor(random() * 11)::int, bc.id, 'BENCH', bc.created_at + interval '40 days' from bc where bc.n % 10 = 5;

insert into activities (kind, channel, occurred_at, contact_id, subject, direction, sentiment)
select (array['CALL','EMAIL','MEETING','NOTE'])[1 + floor(random() * 4)::int], (array['PHONE','EMAIL','MEETING','NOTE'])[1 + floor(random() * 4)::int],
       bc.created_at + interval '5 days', bc.id, 'Bench', (array['INBOUND','OUTBOUND'])[1 + floor(random() * 2)::int],
       (array['POSITIVE','NEUTRAL','NEGATIVE', null])[1 + floor(random() * 4)::int]
  from bc where bc.n % 3 = 1;

insert into leads (last_name, source, status, converted_contact_id, converted_at, created_at)
select 'Bench', 'web', 'CONVERTED', bc.id, bc.created_at + interval '3 days', bc.created_at - interval '10 days' from bc where bc.n % 5 = 2;

vacuum analyze;
