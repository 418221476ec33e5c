-- Customers: accounts, contacts, custom fields, saved views.

-- array_to_string is only STABLE; generated search columns need an IMMUTABLE join of text[].
create function rapport_join(text[]) returns text language sql immutable parallel safe
    as $$ select array_to_string($1, ' ') $$;
create table accounts (
    id          bigserial primary key,
    name        text not null check (length(name) between 1 and 200),
    domain      text check (length(domain) <= 253),
    industry    text check (length(industry) <= 100),
    size        text check (size in ('1-10','11-50','51-200','201-1000','1001-5000','5000+')),
    tier        text check (tier in ('STANDARD','SILVER','GOLD','PLATINUM')),
    owner_id    bigint references users(id),
    team_id     bigint references teams(id),
    parent_id   bigint references accounts(id) on delete set null,
    tags        text[] not null default '{}',
    custom      jsonb not null default '{}'::jsonb,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    version     int not null default 0,
    search_text text generated always as (lower(name || ' ' || coalesce(domain, ''))) stored
);
create index accounts_name_idx on accounts (lower(name), id);
create index accounts_owner_idx on accounts (owner_id);
create index accounts_team_idx on accounts (team_id);
create index accounts_updated_idx on accounts (updated_at, id);
create index accounts_parent_idx on accounts (parent_id);
create index accounts_trgm_idx on accounts using gist (search_text gist_trgm_ops);
create index accounts_tags_idx on accounts using gin (tags);
create index accounts_custom_idx on accounts using gin (custom jsonb_path_ops);

create table contacts (
    id                    bigserial primary key,
    first_name            text not null default '' check (length(first_name) <= 100),
    last_name             text not null check (length(last_name) between 1 and 100),
    emails                text[] not null default '{}',
    phones                text[] not null default '{}',
    job_title             text check (length(job_title) <= 200),
    account_id            bigint references accounts(id) on delete set null,
    owner_id              bigint references users(id),
    team_id               bigint references teams(id),
    lifecycle_stage       text not null default 'LEAD'
                          check (lifecycle_stage in ('LEAD','PROSPECT','CUSTOMER','CLIENT','ADVOCATE','CHURNED')),
    source                text check (length(source) <= 100),
    preferred_channel     text check (preferred_channel in ('EMAIL','PHONE','SMS','CHAT','SOCIAL','IN_PERSON')),
    language              text check (length(language) <= 35),
    street                text check (length(street) <= 200),
    city                  text check (length(city) <= 100),
    region                text check (length(region) <= 100),
    postal_code           text check (length(postal_code) <= 20),
    country               text check (length(country) <= 2),
    tags                  text[] not null default '{}',
    email_consent         boolean not null default false,
    email_consent_at      timestamptz,
    email_consent_source  text check (length(email_consent_source) <= 100),
    custom                jsonb not null default '{}'::jsonb,
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now(),
    version               int not null default 0,
    -- one lower-cased text for typo-tolerant (trigram) and full-text search
    search_text           text generated always as (
        lower(first_name || ' ' || last_name || ' ' || rapport_join(emails))) stored,
    search_vector         tsvector generated always as (
        to_tsvector('simple', first_name || ' ' || last_name || ' ' || rapport_join(emails)
                              || ' ' || coalesce(job_title, ''))) stored
);
create index contacts_name_idx on contacts (lower(last_name || ' ' || first_name), id);
create index contacts_account_idx on contacts (account_id);
create index contacts_owner_idx on contacts (owner_id, id);
create index contacts_team_idx on contacts (team_id, id);
create index contacts_stage_idx on contacts (lifecycle_stage, id);
create index contacts_updated_idx on contacts (updated_at, id);
create index contacts_created_idx on contacts (created_at, id);
create index contacts_emails_idx on contacts using gin (emails);
create index contacts_phones_idx on contacts using gin (phones);
create index contacts_tags_idx on contacts using gin (tags);
create index contacts_custom_idx on contacts using gin (custom jsonb_path_ops);
-- GiST serves both 'contains' filters and nearest-match ordering (typo-tolerant search as you type)
create index contacts_trgm_idx on contacts using gist (search_text gist_trgm_ops);
create index contacts_fts_idx on contacts using gin (search_vector);

create table custom_fields (
    id          bigserial primary key,
    entity      text not null check (entity in ('CONTACT','ACCOUNT')),
    key         text not null check (key ~ '^[a-z][a-z0-9_]{0,39}$'),
    label       text not null check (length(label) between 1 and 100),
    type        text not null check (type in ('TEXT','NUMBER','DATE','SELECT','MULTI_SELECT','BOOLEAN')),
    options     text[] not null default '{}',
    required    boolean not null default false,
    position    int not null default 0,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    version     int not null default 0,
    unique (entity, key)
);

create table saved_views (
    id          bigserial primary key,
    owner_id    bigint not null references users(id) on delete cascade,
    entity      text not null check (entity in ('CONTACT','ACCOUNT')),
    name        text not null check (length(name) between 1 and 100),
    shared      boolean not null default false,
    query       text not null default '' check (length(query) <= 4000),
    columns     text[] not null default '{}',
    created_at  timestamptz not null default now()
);
create index saved_views_owner_idx on saved_views (entity, owner_id);
