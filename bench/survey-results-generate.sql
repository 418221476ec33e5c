-- Survey results benchmark data: 500,000 scored answers over two years (NPS 250,000, CSAT 175,000, CES 75,000) by
-- 50,000 contacts (lifecycle stages, tags) in 5,000 accounts; a third of the answers with a comment topic.
-- Usage: psql -v answers=500000 -d rapport_bench_feedback -f bench/survey-results-generate.sql
\set ON_ERROR_STOP on
select setseed(0.42);
insert into accounts (name) select 'Bench account ' || g from generate_series(1, 5000) g;
insert into contacts (first_name, last_name, account_id, lifecycle_stage, tags, emails, email_consent)
select 'Bench', 'Contact ' || g, (select min(id) from accounts) + (g % 5000),
       (array['LEAD','PROSPECT','CUSTOMER','CLIENT','ADVOCATE','CHURNED'])[1 + (g % 6)],
       case when g % 4 = 0 then array['vip'] when g % 4 = 1 then array['smb'] else '{}' end,
       array['bench' || g || '@example.com'], true
  from generate_series(1, 50000) g;
create temporary table bench_ids as select id, account_id, row_number() over (order by id) n from contacts;
create index on bench_ids (n);
insert into survey_responses (kind, score, contact_id, account_id, comment, source, answered_at, topics, sentiment)
select k.kind,
       case k.kind when 'NPS' then least(10, floor(random() * 11 + random() * 2))::int
                   when 'CSAT' then least(5, 1 + floor(random() * 4 + random() * 1.2))::int
                   else 1 + floor(random() * 7)::int end,
       c.id, c.account_id, case when g % 3 = 0 then 'bench comment' end, 'SURVEY',
       now() - (random() * interval '730 days'),
       case when g % 3 = 0 then array[(array['Delivery','Price','Support','Product quality','Ease of use'])[1 + g % 5]] else '{}' end,
       case when g % 3 = 0 then round((random() * 2 - 1)::numeric, 3) end
  from generate_series(1, :answers) g
  cross join lateral (select case when g % 20 < 10 then 'NPS' when g % 20 < 17 then 'CSAT' else 'CES' end as kind) k
  join bench_ids c on c.n = 1 + (g::bigint * 7919) % 50000;
analyze survey_responses;
analyze contacts;
select kind, count(*), min(answered_at)::date, max(answered_at)::date from survey_responses group by kind order by kind;
