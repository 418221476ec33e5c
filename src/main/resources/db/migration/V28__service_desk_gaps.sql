-- Service desk gaps of issue 5: ticket custom fields, owners for contacts created by channel intake, HTML part of
-- agent reply mails.

-- ticket custom fields are defined with the contact and account ones (one admin page and API); values in tickets.custom
alter table custom_fields drop constraint custom_fields_entity_check;
alter table custom_fields add constraint custom_fields_entity_check check (entity in ('CONTACT','ACCOUNT','TICKET'));
create index tickets_custom_idx on tickets using gin (custom jsonb_path_ops);

-- a contact created from a mailbox's mail is owned by this user (and the mailbox's default team), not left unowned
alter table mailboxes add column default_owner_id bigint references users(id) on delete set null;

-- the same for contacts created by the public support form: one row of settings
create table support_form_settings (
    id                int primary key default 1 check (id = 1),
    contact_owner_id  bigint references users(id) on delete set null,
    contact_team_id   bigint references teams(id) on delete set null,
    version           int not null default 0,
    updated_at        timestamptz not null default now()
);
insert into support_form_settings (id) values (1);

-- agent replies go as multipart/alternative: the plain text (body) and a sanitised HTML rendering of it
alter table mail_outbox add column body_html text;
