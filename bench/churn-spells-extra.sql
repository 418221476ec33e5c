-- Tickets and survey answers for the executive-dashboard part of bench/churn-spells.sh, added to the
-- retention-generate.sql data (1,000,000 customers, 10,000,000 orders): 1,000,000 tickets (85% solved) and 500,000
-- answers (half NPS, 30% CSAT, 20% CES) over three years, through the V33 rollup triggers in one statement each
-- (as bench/kpis-generate.sql writes them).
\timing on
select setseed(0.33);
select min(id) as cmin, count(*) as n from contacts where first_name = 'Bench' \gset
insert into tickets (subject, status, channel, requester_id, created_at, updated_at, first_response_at, solved_at, reopen_count, agent_public_replies)
select 'Bench ticket ' || g, case when x.solved then 'SOLVED' else 'OPEN' end, 'EMAIL', :cmin + floor(random() * :n)::bigint,
       x.created, x.created,
       case when x.replies > 0 then x.created + random() * interval '30 hours' end,
       case when x.solved then x.created + interval '30 hours' + random() * interval '10 days' end,
       case when random() < 0.08 then 1 else 0 end, x.replies
  from generate_series(1, 1000000) g
  cross join lateral (select now() - interval '1095 days' + (g::float8 / 1000000) * interval '1095 days' as created,
                             random() < 0.85 as solved, (array[0,1,1,1,2,2,3])[1 + floor(random() * 7)::int] as replies where g > 0) x;
insert into survey_responses (kind, score, contact_id, source, answered_at)
select x.kind,
       case x.kind when 'NPS' then floor(random() * 11)::int when 'CSAT' then 1 + floor(random() * 5)::int else 1 + floor(random() * 7)::int end,
       :cmin + floor(random() * :n)::bigint, 'BENCH',
       now() - interval '1095 days' + (g::float8 / 500000) * interval '1095 days'
  from generate_series(1, 500000) g
  cross join lateral (select case when random() < 0.5 then 'NPS' when random() < 0.6 then 'CSAT' else 'CES' end as kind where g > 0) x;
vacuum analyze tickets;
vacuum analyze survey_responses;
