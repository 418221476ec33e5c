-- Deals: saved deal views, stale-deal rules and the tasks they created, merge-friendly deal contacts,
-- and the indexes behind the board and the forecast.

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

-- board: count and sum of open deals per stage and currency straight from the index
create index deals_board_sum_idx on deals (pipeline_id, stage_id, currency, amount) where status = 'OPEN';
-- forecast: every column the aggregate reads, so it is an index-only scan over the close-date range
create index deals_forecast_idx on deals (close_date)
    include (owner_id, team_id, stage_id, status, amount, currency, created_at, closed_at);
create index deals_updated_idx on deals (updated_at desc, id desc);
create index deals_lower_name_idx on deals (lower(name), id);

-- stage history outlives a deleted stage: the row keeps the stage's name and its link is cleared
alter table deal_stage_history add column from_stage_name text, add column to_stage_name text;
alter table deal_stage_history alter column to_stage drop not null;
alter table deal_stage_history drop constraint deal_stage_history_from_stage_fkey,
    add constraint deal_stage_history_from_stage_fkey foreign key (from_stage) references pipeline_stages(id) on delete set null;
alter table deal_stage_history drop constraint deal_stage_history_to_stage_fkey,
    add constraint deal_stage_history_to_stage_fkey foreign key (to_stage) references pipeline_stages(id) on delete set null;
