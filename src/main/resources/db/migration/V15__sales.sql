-- Sales: pipelines of ordered stages, deals moving through them, and leads that become contacts, accounts and deals.
create table pipelines (
    id          bigserial primary key,
    name        text not null unique check (length(name) between 1 and 100),
    position    int not null default 0,
    is_default  boolean not null default false,
    archived    boolean not null default false,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    version     int not null default 0
);
create unique index pipelines_one_default_uq on pipelines (is_default) where is_default;

create table pipeline_stages (
    id          bigserial primary key,
    pipeline_id bigint not null references pipelines(id) on delete cascade,
    name        text not null check (length(name) between 1 and 100),
    position    int not null,
    -- win probability in percent, used for the weighted forecast
    probability smallint not null check (probability between 0 and 100),
    -- OPEN stages are worked; a deal in a WON or LOST stage is closed
    outcome     text not null default 'OPEN' check (outcome in ('OPEN','WON','LOST')),
    unique (pipeline_id, name),
    -- lets deals reference (stage, pipeline) so a deal can never sit in another pipeline's stage
    unique (id, pipeline_id)
);
create index pipeline_stages_pipeline_idx on pipeline_stages (pipeline_id, position);

create table deals (
    id                bigserial primary key,
    name              text not null check (length(name) between 1 and 200),
    pipeline_id       bigint not null references pipelines(id),
    stage_id          bigint not null,
    amount            numeric(16, 2) not null default 0 check (amount >= 0),
    currency          char(3) not null check (currency ~ '^[A-Z]{3}$'),
    close_date        date,
    status            text not null default 'OPEN' check (status in ('OPEN','WON','LOST')),
    lost_reason       text check (length(lost_reason) <= 500),
    owner_id          bigint references users(id),
    team_id           bigint references teams(id),
    account_id        bigint references accounts(id) on delete set null,
    -- the lead this deal was converted from, if any
    lead_id           bigint,
    stage_entered_at  timestamptz not null default now(),
    closed_at         timestamptz,
    last_activity_at  timestamptz,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    version           int not null default 0,
    foreign key (stage_id, pipeline_id) references pipeline_stages (id, pipeline_id)
);
create index deals_board_idx on deals (pipeline_id, stage_id, status, amount desc, id);
create index deals_owner_idx on deals (owner_id, close_date);
create index deals_team_idx on deals (team_id, close_date);
create index deals_account_idx on deals (account_id);
create index deals_close_idx on deals (close_date, status);

create table deal_contacts (
    deal_id     bigint not null references deals(id) on delete cascade,
    contact_id  bigint not null references contacts(id) on delete cascade,
    role        text check (length(role) <= 100),
    primary key (deal_id, contact_id)
);
create index deal_contacts_contact_idx on deal_contacts (contact_id);

create table deal_lines (
    id          bigserial primary key,
    deal_id     bigint not null references deals(id) on delete cascade,
    product_id  bigint not null references products(id),
    quantity    int not null check (quantity > 0),
    unit_price  numeric(14, 2) not null check (unit_price >= 0),
    discount    numeric(5, 2) not null default 0 check (discount between 0 and 100),
    position    int not null default 0
);
create index deal_lines_deal_idx on deal_lines (deal_id, position);

-- every stage a deal entered; time in stage is the gap to the next row (or to now)
create table deal_stage_history (
    id          bigserial primary key,
    deal_id     bigint not null references deals(id) on delete cascade,
    from_stage  bigint references pipeline_stages(id),
    to_stage    bigint not null references pipeline_stages(id),
    changed_by  bigint references users(id),
    changed_at  timestamptz not null default now()
);
create index deal_stage_history_deal_idx on deal_stage_history (deal_id, changed_at);

create table leads (
    id                    bigserial primary key,
    first_name            text not null default '' check (length(first_name) <= 100),
    last_name             text not null check (length(last_name) between 1 and 100),
    email                 text check (length(email) <= 254),
    phone                 text check (length(phone) <= 50),
    company               text check (length(company) <= 200),
    job_title             text check (length(job_title) <= 200),
    company_size          int check (company_size >= 0),
    website               text check (length(website) <= 300),
    country               text check (length(country) <= 2),
    source                text not null default 'API' check (length(source) between 1 and 100),
    campaign              text check (length(campaign) <= 200),
    status                text not null default 'NEW'
                          check (status in ('NEW','WORKING','QUALIFIED','CONVERTED','DISQUALIFIED')),
    score                 int not null default 0,
    -- [{"rule": "...", "points": 10}] — why the score is what it is
    score_reasons         jsonb not null default '[]'::jsonb,
    owner_id              bigint references users(id),
    team_id               bigint references teams(id),
    email_consent         boolean not null default false,
    email_consent_at      timestamptz,
    email_consent_text    text check (length(email_consent_text) <= 1000),
    custom                jsonb not null default '{}'::jsonb,
    last_activity_at      timestamptz,
    converted_contact_id  bigint references contacts(id) on delete set null,
    converted_account_id  bigint references accounts(id) on delete set null,
    converted_deal_id     bigint references deals(id) on delete set null,
    converted_at          timestamptz,
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now(),
    version               int not null default 0
);
create index leads_owner_idx on leads (owner_id, status);
create index leads_team_idx on leads (team_id, status);
create index leads_status_idx on leads (status, score desc, id);
create index leads_email_idx on leads (lower(email));
alter table deals add foreign key (lead_id) references leads(id) on delete set null;

-- needs assessment (pains, goals, budget, authority, timeline) on a lead, carried to the deal it becomes
create table needs_assessments (
    id               bigserial primary key,
    lead_id          bigint unique references leads(id) on delete cascade,
    deal_id          bigint unique references deals(id) on delete cascade,
    pains            text check (length(pains) <= 4000),
    goals            text check (length(goals) <= 4000),
    budget           numeric(16, 2) check (budget >= 0),
    budget_currency  char(3) check (budget_currency ~ '^[A-Z]{3}$'),
    authority        text check (length(authority) <= 1000),
    decision_timeline text check (length(decision_timeline) <= 1000),
    updated_by       bigint references users(id),
    updated_at       timestamptz not null default now(),
    check (lead_id is not null or deal_id is not null)
);

-- a fresh install has one pipeline to put deals in
insert into pipelines (name, position, is_default) values ('Sales', 0, true);
insert into pipeline_stages (pipeline_id, name, position, probability, outcome)
select p.id, s.name, s.position, s.probability, s.outcome
from pipelines p,
     (values ('Qualification', 0, 10, 'OPEN'), ('Needs analysis', 1, 25, 'OPEN'), ('Proposal', 2, 50, 'OPEN'),
             ('Negotiation', 3, 75, 'OPEN'), ('Won', 4, 100, 'WON'), ('Lost', 5, 0, 'LOST')) as s(name, position, probability, outcome)
where p.name = 'Sales';
