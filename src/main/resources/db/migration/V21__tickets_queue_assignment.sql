-- Tickets helper: queue ordering, presence (collision warning), agent skills and routing rules.

-- priority as a sortable number, so queue views ("most urgent first, then oldest") read one index in order
alter table tickets add column priority_rank smallint generated always as (
    case priority when 'URGENT' then 0 when 'HIGH' then 1 when 'NORMAL' then 2 else 3 end) stored;

-- queue views over open tickets: mine, unassigned in a team, all open; each in (priority, age) order
create index tickets_open_mine_idx on tickets (assignee_id, priority_rank, created_at, id)
    where status in ('NEW','OPEN','PENDING','ON_HOLD');
create index tickets_open_unassigned_idx on tickets (team_id, priority_rank, created_at, id)
    where status in ('NEW','OPEN','PENDING','ON_HOLD') and assignee_id is null;
create index tickets_open_all_idx on tickets (priority_rank, created_at, id)
    where status in ('NEW','OPEN','PENDING','ON_HOLD');
create index tickets_open_team_idx on tickets (team_id, priority_rank, created_at, id)
    where status in ('NEW','OPEN','PENDING','ON_HOLD');
create index tickets_updated_idx on tickets (updated_at desc, id desc);
create index tickets_merged_into_idx on tickets (merged_into_id) where merged_into_id is not null;
create index ticket_links_related_idx on ticket_links (related_id);

-- who has a ticket open right now (heartbeat every ~15 s; rows older than 30 s are ignored): in PostgreSQL so
-- every app node sees every agent
create table ticket_presence (
    ticket_id  bigint not null references tickets(id) on delete cascade,
    user_id    bigint not null references users(id) on delete cascade,
    replying   boolean not null default false,
    seen_at    timestamptz not null default now(),
    primary key (ticket_id, user_id)
);

-- what an agent can handle: SKILL (billing, hardware…) or LANGUAGE (de, fr…)
create table user_skills (
    user_id  bigint not null references users(id) on delete cascade,
    kind     text not null check (kind in ('SKILL','LANGUAGE')),
    value    text not null check (length(value) between 1 and 60),
    primary key (user_id, kind, value)
);

-- routing of new tickets without an assignee: conditions (null = any) → team and strategy; first match wins
create table ticket_routing_rules (
    id              bigserial primary key,
    name            text not null check (length(name) between 1 and 200),
    position        int not null default 0,
    match_language  text check (length(match_language) <= 35),
    match_type      text check (match_type in ('QUESTION','INCIDENT','PROBLEM','REQUEST','COMPLAINT')),
    match_channel   text check (match_channel in ('EMAIL','WEB','PHONE','API','CHAT','SOCIAL','PORTAL')),
    match_tag       text check (length(match_tag) <= 100),
    team_id         bigint not null references teams(id) on delete cascade,
    strategy        text not null check (strategy in ('ROUND_ROBIN','LOAD_BALANCED','TEAM_ONLY')),
    -- only members with this skill are candidates (falls back to the whole team when none has it)
    required_skill  text check (length(required_skill) <= 60),
    -- round robin's turn, taken with one atomic update … returning
    turn            bigint not null default 0,
    active          boolean not null default true,
    created_at      timestamptz not null default now()
);

-- public support form: posts per client address in a sliding minute
create table support_form_posts (
    client_address text not null,
    posted_at      timestamptz not null default now()
);
create index support_form_posts_idx on support_form_posts (client_address, posted_at);
