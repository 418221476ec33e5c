-- Leads: behaviour events, web forms (with their rate-limit ledger), scoring rules and assignment rules.

-- what a lead did (page visits, e-mail opens, form submits); feeds behaviour scoring and becomes timeline history
create table lead_events (
    id          bigserial primary key,
    lead_id     bigint not null references leads(id) on delete cascade,
    type        text not null check (type ~ '^[a-z][a-z0-9_]{0,39}$'),
    url         text check (length(url) <= 2000),
    occurred_at timestamptz not null,
    created_at  timestamptz not null default now()
);
create index lead_events_lead_idx on lead_events (lead_id, occurred_at desc);

create table web_forms (
    id              bigserial primary key,
    public_key      text not null unique check (public_key ~ '^[A-Za-z0-9_-]{16,64}$'),
    name            text not null check (length(name) between 1 and 100),
    -- [{"field": "email", "required": true}, ...] in display order
    fields          jsonb not null default '[]'::jsonb,
    consent_text    text check (length(consent_text) <= 1000),
    thank_you_text  text not null default 'Thank you! We will be in touch.' check (length(thank_you_text) between 1 and 2000),
    source          text not null default 'Web form' check (length(source) between 1 and 100),
    campaign        text check (length(campaign) <= 200),
    team_id         bigint references teams(id),
    active          boolean not null default true,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    version         int not null default 0
);

alter table leads add column web_form_id bigint references web_forms(id) on delete set null;
alter table leads add column notes text check (length(notes) <= 10000);
alter table leads add column search_text text generated always as (
    lower(first_name || ' ' || last_name || ' ' || coalesce(email, '') || ' ' || coalesce(company, ''))) stored;
create index leads_search_trgm_idx on leads using gist (search_text gist_trgm_ops);
create index leads_created_idx on leads (created_at, id);

-- one row per accepted public post: a sliding one-minute window per client address and form, shared by every node
create table web_form_posts (
    client_address text not null,
    form_id        bigint not null references web_forms(id) on delete cascade,
    posted_at      timestamptz not null default now()
);
create index web_form_posts_window_idx on web_form_posts (client_address, form_id, posted_at);

create table lead_scoring_rules (
    id            bigserial primary key,
    name          text not null check (length(name) between 1 and 200),
    kind          text not null check (kind in ('ATTRIBUTE','BEHAVIOUR','INACTIVITY')),
    -- ATTRIBUTE: field operator value
    field         text check (field in ('firstName','lastName','email','phone','company','jobTitle','companySize',
                                         'website','country','source','campaign')),
    operator      text check (operator in ('CONTAINS','EQUALS','GT','LT','IS_EMPTY')),
    value         text check (length(value) <= 200),
    -- BEHAVIOUR: an event of this type (whose URL contains url_contains, if given)
    event_type    text check (event_type ~ '^[a-z][a-z0-9_]{0,39}$'),
    url_contains  text check (length(url_contains) <= 200),
    -- INACTIVITY: no event for this many days
    days          int check (days between 1 and 3650),
    points        int not null check (points between -1000 and 1000),
    active        boolean not null default true,
    created_at    timestamptz not null default now(),
    check (kind <> 'ATTRIBUTE' or (field is not null and operator is not null)),
    check (kind <> 'BEHAVIOUR' or event_type is not null),
    check (kind <> 'INACTIVITY' or days is not null)
);

create table lead_assignment_rules (
    id            bigserial primary key,
    name          text not null check (length(name) between 1 and 200),
    position      int not null default 0,
    -- optional condition: field value in values (no field = matches every lead)
    field         text check (field in ('country','source','campaign','company','jobTitle')),
    match_values  text[] not null default '{}',
    -- target: one user, or round robin over the active members of a team
    user_id       bigint references users(id) on delete cascade,
    team_id       bigint references teams(id) on delete cascade,
    -- round-robin turn, advanced atomically by "update … returning" so several nodes never hand out the same turn
    turn          bigint not null default 0,
    active        boolean not null default true,
    created_at    timestamptz not null default now(),
    check ((user_id is null) <> (team_id is null)),
    check (field is null or cardinality(match_values) > 0)
);
create index lead_assignment_rules_order_idx on lead_assignment_rules (position, id);
