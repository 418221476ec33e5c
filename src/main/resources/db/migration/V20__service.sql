-- Service desk: tickets from every channel, their conversation (public replies and internal notes) with
-- attachments, status history (reopen rate, first contact resolution) and links between tickets.
create sequence ticket_number_seq start 1001;

create table tickets (
    id                        bigserial primary key,
    -- what customers and agents quote ("#1042"); a sequence so every node hands out distinct numbers
    number                    bigint not null unique default nextval('ticket_number_seq'),
    subject                   text not null check (length(subject) between 1 and 300),
    status                    text not null default 'NEW'
                              check (status in ('NEW','OPEN','PENDING','ON_HOLD','SOLVED','CLOSED')),
    priority                  text not null default 'NORMAL' check (priority in ('LOW','NORMAL','HIGH','URGENT')),
    type                      text not null default 'QUESTION'
                              check (type in ('QUESTION','INCIDENT','PROBLEM','REQUEST','COMPLAINT')),
    channel                   text not null check (channel in ('EMAIL','WEB','PHONE','API','CHAT','SOCIAL','PORTAL')),
    requester_id              bigint references contacts(id) on delete set null,
    account_id                bigint references accounts(id) on delete set null,
    assignee_id               bigint references users(id),
    team_id                   bigint references teams(id),
    tags                      text[] not null default '{}',
    custom                    jsonb not null default '{}'::jsonb,
    language                  text check (length(language) <= 35),
    -- sentiment of the latest customer message, -1 (very negative) … 1; flagged when strongly negative
    sentiment                 numeric(4, 3) check (sentiment between -1 and 1),
    flagged                   boolean not null default false,
    merged_into_id            bigint references tickets(id),
    reopen_count              int not null default 0,
    first_response_at         timestamptz,
    last_customer_message_at  timestamptz,
    last_agent_reply_at       timestamptz,
    solved_at                 timestamptz,
    closed_at                 timestamptz,
    created_at                timestamptz not null default now(),
    updated_at                timestamptz not null default now(),
    version                   int not null default 0
);
create index tickets_queue_idx on tickets (status, team_id, priority, created_at) where status in ('NEW','OPEN','PENDING','ON_HOLD');
create index tickets_assignee_idx on tickets (assignee_id, status, updated_at desc);
create index tickets_requester_idx on tickets (requester_id, created_at desc);
create index tickets_account_idx on tickets (account_id, created_at desc);
create index tickets_created_idx on tickets (created_at, id);
create index tickets_solved_idx on tickets (solved_at) where solved_at is not null;
create index tickets_tags_idx on tickets using gin (tags);

create table ticket_messages (
    id                 bigserial primary key,
    ticket_id          bigint not null references tickets(id) on delete cascade,
    -- PUBLIC goes to (or came from) the customer; NOTE is internal, agents only
    kind               text not null check (kind in ('PUBLIC','NOTE')),
    direction          text not null check (direction in ('INBOUND','OUTBOUND')),
    channel            text not null check (channel in ('EMAIL','WEB','PHONE','API','CHAT','SOCIAL','PORTAL')),
    author_user_id     bigint references users(id),
    author_contact_id  bigint references contacts(id) on delete set null,
    body_text          text not null default '' check (length(body_text) <= 200000),
    -- sanitised HTML (no scripts, no event handlers); null for plain-text messages
    body_html          text check (length(body_html) <= 1000000),
    sentiment          numeric(4, 3) check (sentiment between -1 and 1),
    -- e-mail threading: our Message-ID for outbound mail, the sender's for inbound (unique: a mail fetched twice is one message)
    email_message_id   text check (length(email_message_id) <= 998),
    email_in_reply_to  text check (length(email_in_reply_to) <= 998),
    created_at         timestamptz not null default now(),
    check (kind = 'PUBLIC' or direction = 'OUTBOUND')
);
create index ticket_messages_ticket_idx on ticket_messages (ticket_id, created_at, id);
create unique index ticket_messages_email_uq on ticket_messages (email_message_id) where email_message_id is not null;

create table ticket_attachments (
    id            bigserial primary key,
    message_id    bigint not null references ticket_messages(id) on delete cascade,
    filename      text not null check (length(filename) between 1 and 255),
    content_type  text not null check (length(content_type) <= 255),
    size_bytes    bigint not null check (size_bytes >= 0),
    content       bytea not null,
    created_at    timestamptz not null default now()
);
create index ticket_attachments_message_idx on ticket_attachments (message_id);

-- every status a ticket entered: reopen rate, first contact resolution, time in status
create table ticket_status_history (
    id          bigserial primary key,
    ticket_id   bigint not null references tickets(id) on delete cascade,
    from_status text,
    to_status   text not null,
    changed_by  bigint references users(id),
    changed_at  timestamptz not null default now()
);
create index ticket_status_history_ticket_idx on ticket_status_history (ticket_id, changed_at);

create table ticket_links (
    ticket_id   bigint not null references tickets(id) on delete cascade,
    related_id  bigint not null references tickets(id) on delete cascade,
    created_at  timestamptz not null default now(),
    primary key (ticket_id, related_id),
    check (ticket_id <> related_id)
);
