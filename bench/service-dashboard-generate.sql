-- Service dashboard benchmark data: :tickets tickets over the last two years (8 agents in 2 teams), with what the
-- dashboard reads set as the app sets it (first_response_at and agent_public_replies are what the V25 trigger keeps
-- from ticket_messages), created in time order as a live desk writes them, CSAT answers on a fifth of the solved tickets and QA reviews on 2% of them.
-- The business-time figures (V27) are stored as the app stores them when the reply / solve happens; here they are
-- a plausible share of the wall-clock time (a 45-hour working week of 168 hours) measured against a calendar of an
-- SLA policy, with two SLA clocks per solved ticket, one in ten missed: the dashboard's cost does not depend on the values.
-- psql -v tickets=1000000 -f bench/service-dashboard-generate.sql
select setseed(0.5);
insert into teams (name) values ('Bench support A'), ('Bench support B') on conflict do nothing;
insert into users (email, name, password_hash, role, team_id)
select 'agent' || g || '@bench.rapport', 'Agent ' || g, 'x', 'AGENT', (select id from teams where name = 'Bench support ' || (case when g <= 4 then 'A' else 'B' end))
  from generate_series(1, 8) g
 where not exists (select 1 from users where email = 'agent' || g || '@bench.rapport');

create temp table bench_agents as select id, team_id, row_number() over (order by id) - 1 as i from users where email like 'agent%@bench.rapport';

alter table tickets disable trigger user;
insert into tickets (subject, status, priority, type, channel, assignee_id, team_id, created_at, updated_at,
                     first_response_at, solved_at, reopen_count, agent_public_replies,
                     first_response_business_s, resolution_business_s, business_time_basis, sla_clocks_total, sla_clocks_met)
select 'Bench ticket ' || g,
       case when x.solved then 'SOLVED' else 'OPEN' end,
       (array['LOW','NORMAL','NORMAL','HIGH','URGENT'])[1 + floor(random() * 5)::int],
       (array['QUESTION','INCIDENT','PROBLEM','REQUEST','COMPLAINT'])[1 + floor(random() * 5)::int],
       (array['EMAIL','WEB','PHONE','API','CHAT'])[1 + floor(random() * 5)::int],
       a.id, a.team_id, x.created, x.created,
       case when x.replies > 0 then x.created + x.fr end,
       case when x.solved then x.created + x.res end,
       case when random() < 0.08 then 1 else 0 end,
       x.replies,
       case when x.replies > 0 then round(extract(epoch from x.fr) * 45 / 168) end,
       case when x.solved then round(extract(epoch from x.res) * 45 / 168) end,
       'POLICY',
       case when x.solved then 2 end,
       case when x.solved then (case when random() < 0.1 then 1 else 2 end) end
  from generate_series(1, :tickets) g
  cross join lateral (select now() - interval '730 days' + (g::float8 / :tickets) * interval '730 days' - random() * interval '1 hour' as created, random() < 0.85 as solved,
                             (array[0,1,1,1,2,2,3])[1 + floor(random() * 7)::int] as replies, floor(random() * 8)::int as agent,
                             random() * interval '30 hours' as fr, interval '30 hours' + random() * interval '10 days' as res
                      where g > 0) x  -- references g: drawn again for every ticket
  join bench_agents a on a.i = x.agent;
alter table tickets enable trigger user;

insert into csat_surveys (ticket_id, reason, token_hash, sent_at, score, answered_at)
select id, 'SOLVED', sha256(convert_to(id::text || random()::text, 'UTF8')), solved_at,
       (array[5,5,4,4,4,3,2,1])[1 + floor(random() * 8)::int], solved_at + random() * interval '3 days'
  from tickets where solved_at is not null and random() < 0.2;

insert into qa_reviews (ticket_id, reviewer_id, agent_id, score, created_at)
select id, (select min(id) from users where role = 'ADMIN'), assignee_id, round((1 + random() * 4)::numeric, 2), solved_at + interval '2 days'
  from tickets where solved_at is not null and random() < 0.02;

vacuum analyze tickets;
vacuum analyze csat_surveys;
vacuum analyze qa_reviews;
select count(*) as tickets, count(solved_at) as solved from tickets;
