-- E-mail channel: IMAP mailboxes polled for new mail, what the intake decided for each mail, mail that could not
-- be processed (kept raw, never lost), and threading headers / attachments for outgoing mail in the outbox.
create table mailboxes (
    id               bigserial primary key,
    name             text not null check (length(name) between 1 and 100),
    host             text not null check (length(host) between 1 and 255),
    port             int not null check (port between 1 and 65535),
    tls              boolean not null default true,
    username         text not null check (length(username) between 1 and 255),
    -- AES-GCM with rapport.service.mail.secret; never returned by the API or shown on a page
    password_enc     text not null,
    folder           text not null default 'INBOX' check (length(folder) between 1 and 255),
    -- the support address: From of our replies, and how our own mail is recognised coming back
    address          text not null check (length(address) between 3 and 254),
    default_team_id  bigint references teams(id) on delete set null,
    active           boolean not null default true,
    uid_validity     bigint,
    last_uid         bigint not null default 0,
    -- one node polls a mailbox at a time: a lease taken with a conditional update, expiring if the node dies
    poll_lease_until timestamptz,
    last_polled_at   timestamptz,
    last_error       text,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);
create unique index mailboxes_address_uq on mailboxes (lower(address));

-- every fetched mail and what became of it (ticket, reply, or why it was dropped: loop, bounce, duplicate)
create table mail_intake_log (
    id           bigserial primary key,
    mailbox_id   bigint references mailboxes(id) on delete set null,
    message_id   text,
    sender       text,
    subject      text,
    outcome      text not null check (outcome in ('TICKET','REPLY','SKIPPED','DUPLICATE','QUARANTINED','UNPARSED')),
    reason       text,
    ticket_id    bigint references tickets(id) on delete set null,
    created_at   timestamptz not null default now()
);
create index mail_intake_log_created_idx on mail_intake_log (created_at desc);

-- mail that threw during intake: the raw bytes, kept until an admin retries it successfully or discards it
create table mail_quarantine (
    id           bigserial primary key,
    mailbox_id   bigint references mailboxes(id) on delete set null,
    raw          bytea not null,
    sender       text,
    subject      text,
    error        text not null,
    attempts     int not null default 1,
    resolved_at  timestamptz,
    created_at   timestamptz not null default now()
);
create index mail_quarantine_open_idx on mail_quarantine (created_at desc) where resolved_at is null;

-- the full original of each inbound mail (body_text holds it without quotes and signature)
create table ticket_message_sources (
    message_id  bigint primary key references ticket_messages(id) on delete cascade,
    raw         bytea not null
);

-- outgoing mail that must thread in the customer's client
alter table mail_outbox
    add column from_address text check (length(from_address) <= 254),
    add column message_id text check (length(message_id) <= 998),
    add column in_reply_to text check (length(in_reply_to) <= 998),
    add column references_header text check (length(references_header) <= 8000),
    add column auto_submitted text check (auto_submitted in ('auto-replied','auto-generated'));

create table mail_outbox_attachments (
    id            bigserial primary key,
    outbox_id     bigint not null references mail_outbox(id) on delete cascade,
    filename      text not null,
    content_type  text not null,
    content       bytea not null
);
create index mail_outbox_attachments_outbox_idx on mail_outbox_attachments (outbox_id);
