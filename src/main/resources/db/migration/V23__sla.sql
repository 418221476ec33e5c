-- SLAs: business calendars (working hours per weekday in a time zone, holidays), SLA policies chosen by
-- conditions (first match in position order wins), clocks per ticket counted in business time, escalation
-- rules that run when a clock breaches, and the log of what fired.
create table business_calendars (
    id          bigserial primary key,
    name        text not null unique check (length(name) between 1 and 120),
    -- IANA zone id (Europe/Berlin); validated by the application against java.time's zone rules
    time_zone   text not null check (length(time_zone) between 1 and 64),
    -- {"MONDAY": [["09:00","12:30"], ["13:30","18:00"]], ...}; "24:00" ends a day
    hours       jsonb not null,
    -- [{"date": "2026-12-25", "name": "Christmas", "recurring": true}, ...]; recurring = same day every year
    holidays    jsonb not null default '[]'::jsonb,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    version     int not null default 0
);

create table sla_policies (
    id                      bigserial primary key,
    name                    text not null unique check (length(name) between 1 and 120),
    position                int not null,
    active                  boolean not null default true,
    calendar_id             bigint not null references business_calendars(id),
    -- empty array = any
    priorities              text[] not null default '{}',
    account_tiers           text[] not null default '{}',
    channels                text[] not null default '{}',
    types                   text[] not null default '{}',
    -- targets in minutes of business time; null = no clock for that metric
    first_response_minutes  int check (first_response_minutes between 1 and 525600),
    next_response_minutes   int check (next_response_minutes between 1 and 525600),
    resolution_minutes      int check (resolution_minutes between 1 and 525600),
    created_at              timestamptz not null default now(),
    updated_at              timestamptz not null default now(),
    version                 int not null default 0
);
create index sla_policies_order_idx on sla_policies (position, id) where active;

create table ticket_sla_clocks (
    id                       bigserial primary key,
    ticket_id                bigint not null references tickets(id) on delete cascade,
    metric                   text not null check (metric in ('FIRST_RESPONSE','NEXT_RESPONSE','RESOLUTION')),
    policy_id                bigint references sla_policies(id) on delete set null,
    calendar_id              bigint references business_calendars(id) on delete set null,
    target_minutes           int not null,
    started_at               timestamptz not null,
    due_at                   timestamptz not null,
    -- when the "breaching soon" warning is due (a share of the target before due_at, in business time)
    warn_at                  timestamptz not null,
    warned_at                timestamptz,
    paused_at                timestamptz,
    paused_business_seconds  bigint not null default 0,
    stopped_at               timestamptz,
    -- when the target was missed (due_at), set by the sweep or when a late reply/solve stops the clock
    breached_at              timestamptz,
    -- the sweep ran the escalation rules for this breach (exactly once across nodes)
    breach_handled           boolean not null default false
);
create index ticket_sla_clocks_ticket_idx on ticket_sla_clocks (ticket_id, id);
create unique index ticket_sla_clocks_open_uq on ticket_sla_clocks (ticket_id, metric) where stopped_at is null;
-- what the sweep reads: running clocks whose breach was not handled, by due time
create index ticket_sla_clocks_due_idx on ticket_sla_clocks (due_at)
    where stopped_at is null and paused_at is null and not breach_handled;
create index ticket_sla_clocks_warn_idx on ticket_sla_clocks (warn_at)
    where stopped_at is null and paused_at is null and warned_at is null and not breach_handled;

-- nearest due time of the ticket's running clocks, kept by the SLA code: the "breaching soon" queue orders by it
alter table tickets add column sla_due_at timestamptz;
create index tickets_sla_due_idx on tickets (sla_due_at) where sla_due_at is not null;

create table sla_escalation_rules (
    id                bigserial primary key,
    name              text not null check (length(name) between 1 and 120),
    position          int not null,
    active            boolean not null default true,
    metric            text not null check (metric in ('FIRST_RESPONSE','NEXT_RESPONSE','RESOLUTION')),
    priorities        text[] not null default '{}',
    reassign_team_id  bigint references teams(id) on delete set null,
    reassign_user_id  bigint references users(id) on delete set null,
    raise_priority    boolean not null default false,
    notify_manager    boolean not null default false,
    add_tag           text check (length(add_tag) between 1 and 60),
    created_at        timestamptz not null default now(),
    version           int not null default 0
);

create table sla_escalation_log (
    id          bigserial primary key,
    ticket_id   bigint not null references tickets(id) on delete cascade,
    clock_id    bigint references ticket_sla_clocks(id) on delete set null,
    rule_id     bigint references sla_escalation_rules(id) on delete set null,
    metric      text not null,
    -- BREACH (a rule ran) or WARNING (breaching soon)
    event       text not null check (event in ('BREACH','WARNING')),
    actions     text not null,
    created_at  timestamptz not null default now()
);
create index sla_escalation_log_ticket_idx on sla_escalation_log (ticket_id, id);

-- SLA notifications go to the bell beside task reminders
alter table notifications drop constraint notifications_kind_check;
alter table notifications add constraint notifications_kind_check
    check (kind in ('TASK_REMINDER','SLA_WARNING','SLA_BREACH'));
