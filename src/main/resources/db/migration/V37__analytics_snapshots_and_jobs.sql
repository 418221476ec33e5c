-- V37: RFM scores and journey stage dates kept in snapshot tables refreshed in the background (ADR 0037), and
-- analytics background jobs with their progress (saving an RFM segment as a tagged list, persona reassignment,
-- snapshot refreshes).

-- One row per background job: what it does, how far it got, what came out. The page polls it.
create table analytics_jobs (
    id           bigserial primary key,
    kind         text not null check (kind in ('RFM_REFRESH', 'JOURNEY_REFRESH', 'RFM_LIST', 'PERSONA_ASSIGN')),
    status       text not null default 'QUEUED' check (status in ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    params       jsonb not null default '{}',
    done         bigint not null default 0,
    total        bigint,
    step         text not null default 'queued',
    result       jsonb,
    error        text,
    started_by   bigint references users (id) on delete set null,
    created_at   timestamptz not null default now(),
    started_at   timestamptz,
    finished_at  timestamptz
);
create index analytics_jobs_active_idx on analytics_jobs (kind) where status in ('QUEUED', 'RUNNING');

-- Change counters: statement-level triggers on the source tables bump a sequence. A sequence is not
-- transactional and takes no row lock, so concurrent writers never queue behind one counter row; a snapshot is
-- stale when the counter moved past the value it saw when its refresh started.
create sequence analytics_rfm_changes;
create sequence analytics_journey_changes;

create function analytics_rfm_changed() returns trigger language plpgsql as $$
begin
    perform nextval('analytics_rfm_changes');
    return null;
end $$;

create function analytics_journey_changed() returns trigger language plpgsql as $$
begin
    perform nextval('analytics_journey_changes');
    return null;
end $$;

create trigger contact_order_stats_rfm_changed after insert or update or delete on contact_order_stats
    for each statement execute function analytics_rfm_changed();
create trigger contact_order_stats_rfm_truncated after truncate on contact_order_stats
    for each statement execute function analytics_rfm_changed();
create trigger contacts_rfm_changed after delete on contacts
    for each statement execute function analytics_rfm_changed();

create trigger contacts_journey_changed after insert or delete or update of created_at on contacts
    for each statement execute function analytics_journey_changed();
create trigger leads_journey_changed after insert or update or delete on leads
    for each statement execute function analytics_journey_changed();
create trigger deals_journey_changed after insert or update or delete on deals
    for each statement execute function analytics_journey_changed();
create trigger deal_contacts_journey_changed after insert or update or delete on deal_contacts
    for each statement execute function analytics_journey_changed();
create trigger activities_journey_changed after insert or update or delete on activities
    for each statement execute function analytics_journey_changed();
create trigger orders_journey_changed after insert or update or delete on orders
    for each statement execute function analytics_journey_changed();
create trigger survey_responses_journey_changed after insert or update or delete on survey_responses
    for each statement execute function analytics_journey_changed();

-- When each snapshot was last refreshed, and the change counter it saw.
create table analytics_snapshots (
    name          text primary key check (name in ('RFM', 'JOURNEY')),
    refreshed_at  timestamptz not null,
    changes_seen  bigint not null,
    rows          bigint not null,
    seconds       float8 not null
);

-- Every scored customer (Rfm.SCORES as of the refresh).
create table rfm_scores (
    contact_id     bigint primary key,
    last_order_at  timestamptz not null,
    orders         int not null,
    revenue        numeric(18, 2) not null,
    r              smallint not null,
    f              smallint not null,
    m              smallint not null,
    fm             smallint not null,
    segment        text not null
);
-- a segment's customers, highest revenue first, straight from the index
create index rfm_scores_segment_idx on rfm_scores (segment, revenue desc, contact_id);

-- The R × FM grid over every scored customer that still exists: what the summary reads for users who see all.
-- last_order_epoch is the sum of the last orders' epochs, so the average recency is computed at read time.
create table rfm_grid (
    r                 smallint not null,
    fm                smallint not null,
    segment           text not null,
    customers         bigint not null,
    revenue           numeric not null,
    orders            bigint not null,
    last_order_epoch  numeric not null,
    primary key (r, fm)
);

-- Each contact's journey stage dates (Journeys: t1 awareness … t5 advocacy) as of the refresh.
create table contact_journeys (
    contact_id  bigint primary key,
    t1          timestamptz,
    t2          timestamptz,
    t3          timestamptz,
    t4          timestamptz,
    t5          timestamptz
);

-- The funnel of all contacts (the 13 figures of the funnel query), for users who see all contacts.
create table journey_funnel_all (
    id       boolean primary key default true check (id),
    figures  float8[] not null
);
