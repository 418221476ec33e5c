-- SLA sweep benchmark data: :tickets open tickets, each with a first-response and a resolution clock; a share
-- (:due_share) of the clocks past due and another share past their warning time; one escalation rule so part of
-- the breaches run rule actions (raise priority, add tag) and the rest take the bulk "no rule" path.
\set ON_ERROR_STOP on
insert into business_calendars (name, time_zone, hours)
values ('Bench office', 'Europe/Berlin', '{"MONDAY":[["09:00","18:00"]],"TUESDAY":[["09:00","18:00"]],"WEDNESDAY":[["09:00","18:00"]],"THURSDAY":[["09:00","18:00"]],"FRIDAY":[["09:00","18:00"]]}');
insert into sla_policies (name, position, calendar_id, first_response_minutes, resolution_minutes)
select 'Bench default', 1, id, 240, 2880 from business_calendars where name = 'Bench office';
insert into sla_escalation_rules (name, position, metric, priorities, raise_priority, add_tag)
values ('Bench urgent first response', 1, 'FIRST_RESPONSE', '{URGENT,HIGH}', true, 'sla-breached');

insert into tickets (subject, status, priority, type, channel, created_at)
select 'Bench ticket ' || g,
       (array['NEW','OPEN','OPEN','OPEN','ON_HOLD'])[1 + g % 5],
       (array['LOW','NORMAL','NORMAL','HIGH','URGENT'])[1 + g % 5],
       'QUESTION', 'EMAIL', now() - interval '3 days'
from generate_series(1, :tickets) g;

insert into ticket_sla_clocks (ticket_id, metric, policy_id, calendar_id, target_minutes, started_at, due_at, warn_at)
select t.id, m.metric, p.id, p.calendar_id, m.minutes, t.created_at,
       case when random() < :due_share then now() - interval '1 minute' * (1 + random() * 600)
            else now() + interval '1 hour' * (1 + random() * 200) end,
       now() + interval '1 hour' * 300
from tickets t cross join (values ('FIRST_RESPONSE', 240), ('RESOLUTION', 2880)) m(metric, minutes)
     cross join (select id, calendar_id from sla_policies where name = 'Bench default') p;
-- warnings due for another share of the running clocks
update ticket_sla_clocks set warn_at = now() - interval '1 minute'
where due_at > now() and random() < :due_share;
update tickets t set sla_due_at = c.due from
    (select ticket_id, min(due_at) due from ticket_sla_clocks group by ticket_id) c where c.ticket_id = t.id;
vacuum analyze tickets;
vacuum analyze ticket_sla_clocks;
select count(*) filter (where due_at <= now()) as due_clocks,
       count(*) filter (where warn_at <= now() and due_at > now()) as warn_clocks,
       count(*) as clocks
from ticket_sla_clocks;
