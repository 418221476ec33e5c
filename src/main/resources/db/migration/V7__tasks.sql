-- Tasks: what someone has to do, when, for which customer; reminders are delivered by a later job.
create table tasks (
    id            bigserial primary key,
    title         text not null check (length(title) between 1 and 300),
    notes         text check (length(notes) <= 10000),
    due_at        timestamptz,
    priority      text not null default 'NORMAL' check (priority in ('LOW','NORMAL','HIGH','URGENT')),
    status        text not null default 'OPEN' check (status in ('OPEN','DONE','CANCELLED')),
    assignee_id   bigint references users(id),
    team_id       bigint references teams(id),
    contact_id    bigint references contacts(id) on delete cascade,
    account_id    bigint references accounts(id) on delete cascade,
    activity_id   bigint references activities(id) on delete set null,
    remind_at     timestamptz,
    reminded_at   timestamptz,
    created_by    bigint references users(id),
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    completed_at  timestamptz,
    version       int not null default 0
);
create index tasks_assignee_due_idx on tasks (assignee_id, status, due_at, id);
create index tasks_contact_idx on tasks (contact_id, status, due_at);
create index tasks_account_idx on tasks (account_id, status, due_at);
create index tasks_remind_idx on tasks (remind_at) where reminded_at is null and status = 'OPEN';
