-- Activities: one timeline of every interaction with a contact or account (notes, calls, meetings, e-mails,
-- and touchpoints written by other modules).
create table activities (
    id                bigserial primary key,
    kind              text not null check (kind in ('NOTE','CALL','MEETING','EMAIL','TOUCHPOINT')),
    channel           text not null check (channel in ('NOTE','PHONE','MEETING','EMAIL','TICKET','ORDER','SURVEY',
                                                         'CAMPAIGN','CHAT','SOCIAL','WEB','OTHER')),
    occurred_at       timestamptz not null,
    author_id         bigint references users(id),
    contact_id        bigint references contacts(id) on delete cascade,
    -- the contact's account when the entry was written, so an account's timeline is one index range
    account_id        bigint references accounts(id) on delete cascade,
    subject           text check (length(subject) <= 300),
    body              text check (length(body) <= 20000),
    direction         text check (direction in ('INBOUND','OUTBOUND')),
    duration_seconds  int check (duration_seconds between 0 and 86400),
    outcome           text check (length(outcome) <= 100),
    ends_at           timestamptz,
    location          text check (length(location) <= 300),
    attendees         text[] not null default '{}',
    journey_stage     text check (journey_stage in ('AWARENESS','CONSIDERATION','PURCHASE','RETENTION','ADVOCACY')),
    sentiment         text check (sentiment in ('POSITIVE','NEUTRAL','NEGATIVE')),
    source            text check (length(source) <= 50),
    source_ref        text check (length(source_ref) <= 200),
    created_at        timestamptz not null default now(),
    check (contact_id is not null or account_id is not null),
    check (ends_at is null or ends_at >= occurred_at)
);
create index activities_contact_idx on activities (contact_id, occurred_at desc, id desc);
create index activities_account_idx on activities (account_id, occurred_at desc, id desc);
create index activities_occurred_idx on activities (occurred_at desc, id desc);
-- a module writing the same touchpoint twice (a retried event) records it once
create unique index activities_source_ref_uq on activities (source, source_ref) where source_ref is not null;
