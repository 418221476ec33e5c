-- Desk: macros (canned responses that may also set fields), response guidelines per ticket type, automation rules
-- with their log, and the bookkeeping that keeps automation from looping or firing twice.
create table macros (
    id          bigserial primary key,
    name        text not null check (length(name) between 1 and 120),
    body        text not null check (length(body) <= 20000),
    -- null: shared by everyone (made by an admin or manager); else the agent's personal macro
    owner_id    bigint references users(id) on delete cascade,
    -- {"status":..,"priority":..,"type":..,"addTags":[..],"teamId":..,"assigneeId":..}
    changes     jsonb not null default '{}'::jsonb,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    version     int not null default 0
);
create index macros_owner_idx on macros (owner_id, lower(name));

create table response_guidelines (
    type        text primary key check (type in ('QUESTION','INCIDENT','PROBLEM','REQUEST','COMPLAINT')),
    body        text not null check (length(body) between 1 and 20000),
    updated_by  bigint references users(id) on delete set null,
    updated_at  timestamptz not null default now()
);

create table automation_rules (
    id          bigserial primary key,
    name        text not null check (length(name) between 1 and 120),
    trigger     text not null check (trigger in ('CREATED','UPDATED','TIME')),
    -- rules run in ascending position, then id
    position    int not null default 0,
    active      boolean not null default true,
    conditions  jsonb not null default '[]'::jsonb,
    actions     jsonb not null default '[]'::jsonb,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    version     int not null default 0
);
create index automation_rules_trigger_idx on automation_rules (trigger, position, id) where active;

create table automation_log (
    id         bigserial primary key,
    rule_id    bigint references automation_rules(id) on delete set null,
    rule_name  text not null,
    ticket_id  bigint not null references tickets(id) on delete cascade,
    trigger    text not null,
    actions    text not null,
    fired_at   timestamptz not null default now()
);
create index automation_log_ticket_idx on automation_log (ticket_id, fired_at desc);
create index automation_log_fired_idx on automation_log (fired_at desc, id desc);

-- Loop guard: every ticket event automation itself publishes leaves an echo carrying the rules already fired in
-- its chain; the listener that receives the event consumes the echo and skips those rules.
create table automation_echoes (
    id          bigserial primary key,
    ticket_id   bigint not null references tickets(id) on delete cascade,
    fired_rules bigint[] not null,
    created_at  timestamptz not null default now()
);
create index automation_echoes_ticket_idx on automation_echoes (ticket_id, id);

-- Time-based rules fire once per ticket per condition window (the ticket's current status period, identified by
-- its latest status-history row); the unique key makes a second node's (or run's) attempt a no-op.
create table automation_time_firings (
    rule_id    bigint not null references automation_rules(id) on delete cascade,
    ticket_id  bigint not null references tickets(id) on delete cascade,
    window_id  bigint not null,
    fired_at   timestamptz not null default now(),
    primary key (rule_id, ticket_id, window_id)
);
