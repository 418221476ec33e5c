-- Reminders, in-app notifications, mail outbox, calendar feeds, and versioned (editable) timeline entries.

-- timeline entries can be edited by their author (optimistic locking like contacts)
alter table activities add column version int not null default 0;
alter table activities add column updated_at timestamptz;
-- a user's meetings by time (calendar feed, My day) without scanning everyone's timeline
create index activities_meetings_author_idx on activities (author_id, occurred_at) where kind = 'MEETING';

-- what the bell shows; one row per delivered reminder (or, later, mention)
create table notifications (
    id          bigserial primary key,
    user_id     bigint not null references users(id) on delete cascade,
    kind        text not null check (kind in ('TASK_REMINDER')),
    title       text not null check (length(title) <= 400),
    body        text check (length(body) <= 2000),
    link        text check (length(link) <= 300),
    task_id     bigint references tasks(id) on delete cascade,
    contact_id  bigint references contacts(id) on delete set null,
    created_at  timestamptz not null default now(),
    read_at     timestamptz
);
create index notifications_user_idx on notifications (user_id, id desc);
create index notifications_unread_idx on notifications (user_id) where read_at is null;

-- per-user choices: e-mail copies of reminders; the secret calendar feed (only its SHA-256 is stored)
create table notification_settings (
    user_id              bigint primary key references users(id) on delete cascade,
    email_reminders      boolean not null default false,
    ical_token_hash      text unique,
    ical_token_created_at timestamptz,
    updated_at           timestamptz not null default now()
);

-- mail that must reach the outside: written in the transaction that decides to send it, sent (and retried) by a job
create table mail_outbox (
    id              bigserial primary key,
    recipient       text not null check (length(recipient) <= 254),
    subject         text not null check (length(subject) <= 400),
    body            text not null,
    created_at      timestamptz not null default now(),
    next_attempt_at timestamptz not null default now(),
    attempts        int not null default 0,
    last_error      text,
    sent_at         timestamptz,
    failed_at       timestamptz
);
create index mail_outbox_due_idx on mail_outbox (next_attempt_at, id) where sent_at is null and failed_at is null;
