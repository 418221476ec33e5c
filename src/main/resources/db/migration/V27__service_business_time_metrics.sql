-- Service metrics in business time, stored on the ticket when it happens, so the dashboard aggregates stored values
-- instead of running the business-time calculator over every ticket of a period.
--
-- first_response_business_s: created_at → first_response_at, in working seconds of the ticket's calendar;
-- resolution_business_s: created_at → solved_at (the latest solve: a reopen clears solved_at, the next solve sets it
-- again and the value is measured anew); business_time_basis: which calendar measured them — the calendar of the
-- ticket's SLA policy (POLICY), the configured default calendar (DEFAULT), or none at all (WALL_CLOCK: plain seconds).
-- sla_clocks_total / sla_clocks_met: the ticket's SLA clocks and how many of them were met, counted with the
-- resolution (the dashboard's SLA compliance reads them from the same index as the resolution times).
alter table tickets
    add column first_response_business_s bigint check (first_response_business_s >= 0),
    add column resolution_business_s     bigint check (resolution_business_s >= 0),
    add column business_time_basis       text check (business_time_basis in ('POLICY','DEFAULT','WALL_CLOCK')),
    add column sla_clocks_total          smallint,
    add column sla_clocks_met            smallint,
    -- a figure is due (an instant it measures is set, the figure is not): kept by the trigger below
    add column business_times_pending    boolean not null default false;

-- whenever the instants a figure measures change, the stored figure is stale: cleared here and the row marked
-- pending, measured again by the app (right away on the reply/solve event, else by the catch-up job or by the
-- dashboard before it aggregates a period); rows inserted with those instants already set are pending too
create function tickets_business_times_stale() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' then
        if new.created_at is distinct from old.created_at then
            new.first_response_business_s := null;
            new.resolution_business_s := null;
        end if;
        if new.first_response_at is distinct from old.first_response_at then
            new.first_response_business_s := null;
        end if;
        if new.solved_at is distinct from old.solved_at then
            new.resolution_business_s := null;
            new.sla_clocks_total := null;
            new.sla_clocks_met := null;
        end if;
    end if;
    new.business_times_pending := (new.first_response_at is not null and new.first_response_business_s is null)
                                  or (new.solved_at is not null and new.resolution_business_s is null);
    return new;
end $$;
create trigger tickets_business_times_stale before insert or update of created_at, first_response_at, solved_at,
    first_response_business_s, resolution_business_s on tickets
    for each row execute function tickets_business_times_stale();

-- existing tickets: all to be measured by the catch-up job (it needs the calendars, so the app does it)
update tickets set business_times_pending = true where first_response_at is not null or solved_at is not null;

-- what still has to be measured: tiny once caught up
create index tickets_business_pending_idx on tickets (id) where business_times_pending;

-- the dashboard's two period scans, index-only, now carrying the stored business figures. The solved side replaces
-- V20's tickets_solved_idx (same key and predicate, so every solved_at range query can use this one): with both in
-- place the planner preferred the narrow one plus ~4,000 heap pages per quarter over the covering index.
drop index tickets_metrics_created_idx;
drop index tickets_metrics_solved_idx;
drop index tickets_solved_idx;
create index tickets_metrics_created_idx on tickets (created_at)
    include (assignee_id, team_id, first_response_business_s, business_time_basis)
    where merged_into_id is null;
create index tickets_metrics_solved_idx on tickets (solved_at)
    include (assignee_id, team_id, resolution_business_s, business_time_basis, reopen_count, agent_public_replies,
             sla_clocks_total, sla_clocks_met, merged_into_id)
    where solved_at is not null;
