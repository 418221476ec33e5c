-- Deals: saved deal views, stale-deal rules and the tasks they created, merge-friendly deal contacts, stage history
-- that outlives a stage, and running totals behind the board and the forecast.

-- deal list views are saved beside contact and account views
alter table saved_views drop constraint if exists saved_views_entity_check;
alter table saved_views add constraint saved_views_entity_check check (entity in ('CONTACT','ACCOUNT','DEAL'));

-- a row id, so a merge ledger can list the links it re-pointed (and move exactly those back on undo);
-- the first link (lowest id) is the deal's primary contact
alter table deal_contacts add column id bigserial;
alter table deal_contacts add constraint deal_contacts_id_uq unique (id);

-- stale-deal rule: a pipeline's own number of quiet days, else the global one (null = no rule)
alter table pipelines add column stale_days int check (stale_days between 1 and 3650);
create table sales_settings (
    id          int primary key default 1 check (id = 1),
    stale_days  int check (stale_days between 1 and 3650),
    updated_at  timestamptz not null default now()
);
insert into sales_settings (id, stale_days) values (1, 30);

-- one task per quiet spell: the spell is known by when the deal was last touched, so a later run of the job
-- finds the row and creates nothing new until the deal has been touched and gone quiet again
create table deal_stale_tasks (
    deal_id     bigint not null references deals(id) on delete cascade,
    quiet_since timestamptz not null,
    task_id     bigint references tasks(id) on delete set null,
    created_at  timestamptz not null default now(),
    primary key (deal_id, quiet_since)
);

-- the deal list's default order and name search
create index deals_updated_idx on deals (updated_at desc, id desc);
create index deals_lower_name_idx on deals (lower(name), id);

-- stage history outlives a deleted stage: the row keeps the stage's name and its link is cleared
alter table deal_stage_history add column from_stage_name text, add column to_stage_name text;
alter table deal_stage_history alter column to_stage drop not null;
alter table deal_stage_history drop constraint deal_stage_history_from_stage_fkey,
    add constraint deal_stage_history_from_stage_fkey foreign key (from_stage) references pipeline_stages(id) on delete set null;
alter table deal_stage_history drop constraint deal_stage_history_to_stage_fkey,
    add constraint deal_stage_history_to_stage_fkey foreign key (to_stage) references pipeline_stages(id) on delete set null;

-- Running totals of deals per stage, owner, team, currency and close month, kept by statement triggers: the board's
-- counts and sums and the whole forecast read a few thousand rows here instead of aggregating every deal. owner_id
-- and team_id are 0 for "none" (a key cannot be null) and keep their names so that record visibility filters them as
-- it filters deals; close_month is 1900-01-01 for deals without a close date.
create table deal_totals (
    stage_id          bigint not null references pipeline_stages(id) on delete cascade,
    owner_id          bigint not null,
    team_id           bigint not null,
    currency          char(3) not null,
    close_month       date not null,
    deals             bigint not null,
    amount            numeric(20, 2) not null,
    -- sum of (closed_at - created_at) in seconds over the won deals, for the average sales cycle
    cycle_seconds     double precision not null,
    primary key (stage_id, owner_id, team_id, currency, close_month)
);
create index deal_totals_month_idx on deal_totals (close_month);

create function deal_totals_month(d date) returns date language sql immutable
    as $$ select coalesce(date_trunc('month', d)::date, date '1900-01-01') $$;

-- signed deltas of the statement's rows, applied in key order: two transactions never lock totals rows in opposite
-- orders. A statement that changes nothing the totals count (a rename, a version bump) touches no totals row.
create function deal_totals_apply() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into deal_totals (stage_id, owner_id, team_id, currency, close_month, deals, amount, cycle_seconds)
    select x.stage_id, x.owner_id, x.team_id, x.currency, x.close_month, sum(x.n), sum(x.amount), sum(x.cycle)
      from (
      select stage_id, coalesce(owner_id, 0) as owner_id, coalesce(team_id, 0) as team_id, currency,
             deal_totals_month(close_date) as close_month, 1 as n, amount,
             case when status = 'WON' then coalesce(extract(epoch from closed_at - created_at), 0) else 0 end as cycle
        from new_rows) x
     group by 1, 2, 3, 4, 5
    having sum(x.n) <> 0 or sum(x.amount) <> 0 or sum(x.cycle) <> 0
     order by 1, 2, 3, 4, 5
    on conflict (stage_id, owner_id, team_id, currency, close_month) do update
       set deals = deal_totals.deals + excluded.deals, amount = deal_totals.amount + excluded.amount,
           cycle_seconds = deal_totals.cycle_seconds + excluded.cycle_seconds;
  elsif tg_op = 'DELETE' then
    insert into deal_totals (stage_id, owner_id, team_id, currency, close_month, deals, amount, cycle_seconds)
    select x.stage_id, x.owner_id, x.team_id, x.currency, x.close_month, sum(x.n), sum(x.amount), sum(x.cycle)
      from (
      select stage_id, coalesce(owner_id, 0) as owner_id, coalesce(team_id, 0) as team_id, currency,
             deal_totals_month(close_date) as close_month, -1 as n, -amount as amount,
             case when status = 'WON' then -coalesce(extract(epoch from closed_at - created_at), 0) else 0 end as cycle
        from old_rows) x
     group by 1, 2, 3, 4, 5
    having sum(x.n) <> 0 or sum(x.amount) <> 0 or sum(x.cycle) <> 0
     order by 1, 2, 3, 4, 5
    on conflict (stage_id, owner_id, team_id, currency, close_month) do update
       set deals = deal_totals.deals + excluded.deals, amount = deal_totals.amount + excluded.amount,
           cycle_seconds = deal_totals.cycle_seconds + excluded.cycle_seconds;
  else
    insert into deal_totals (stage_id, owner_id, team_id, currency, close_month, deals, amount, cycle_seconds)
    select x.stage_id, x.owner_id, x.team_id, x.currency, x.close_month, sum(x.n), sum(x.amount), sum(x.cycle)
      from (
      select stage_id, coalesce(owner_id, 0) as owner_id, coalesce(team_id, 0) as team_id, currency,
             deal_totals_month(close_date) as close_month, 1 as n, amount,
             case when status = 'WON' then coalesce(extract(epoch from closed_at - created_at), 0) else 0 end as cycle
        from new_rows
      union all
      select stage_id, coalesce(owner_id, 0), coalesce(team_id, 0), currency, deal_totals_month(close_date), -1, -amount,
             case when status = 'WON' then -coalesce(extract(epoch from closed_at - created_at), 0) else 0 end
        from old_rows) x
     group by 1, 2, 3, 4, 5
    having sum(x.n) <> 0 or sum(x.amount) <> 0 or sum(x.cycle) <> 0
     order by 1, 2, 3, 4, 5
    on conflict (stage_id, owner_id, team_id, currency, close_month) do update
       set deals = deal_totals.deals + excluded.deals, amount = deal_totals.amount + excluded.amount,
           cycle_seconds = deal_totals.cycle_seconds + excluded.cycle_seconds;
  end if;
  return null;
end $$;

create trigger deal_totals_insert after insert on deals referencing new table as new_rows
    for each statement execute function deal_totals_apply();
create trigger deal_totals_update after update on deals referencing old table as old_rows new table as new_rows
    for each statement execute function deal_totals_apply();
create trigger deal_totals_delete after delete on deals referencing old table as old_rows
    for each statement execute function deal_totals_apply();
create function deal_totals_clear() returns trigger language plpgsql as $$
begin
  delete from deal_totals;
  return null;
end $$;
create trigger deal_totals_truncate after truncate on deals for each statement execute function deal_totals_clear();

insert into deal_totals (stage_id, owner_id, team_id, currency, close_month, deals, amount, cycle_seconds)
select stage_id, coalesce(owner_id, 0), coalesce(team_id, 0), currency, deal_totals_month(close_date), count(*), sum(amount),
       coalesce(sum(extract(epoch from closed_at - created_at)) filter (where status = 'WON'), 0)
  from deals group by 1, 2, 3, 4, 5;
