-- Feedback: one survey sent to a whole audience (a tag or saved list, an account, a lifecycle stage) as a
-- background job. A send row keeps the audience, the job's progress (a keyset cursor over contact ids) and its
-- counts; every contact it reached has one invitation row with the send's id (sent or refused, with the reason).
create table survey_sends (
    id                  bigserial primary key,
    survey_id           bigint not null references surveys(id) on delete cascade,
    audience_kind       text not null check (audience_kind in ('TAG','ACCOUNT','STAGE')),
    audience_value      text not null check (length(audience_value) between 1 and 100),
    audience_label      text not null check (length(audience_label) <= 300),
    status              text not null default 'QUEUED' check (status in ('QUEUED','RUNNING','DONE','FAILED')),
    -- the audience's size when the send was queued (contacts may join or leave while it runs)
    planned             int not null check (planned >= 0),
    processed           int not null default 0,
    sent                int not null default 0,
    skipped_no_email    int not null default 0,
    skipped_no_consent  int not null default 0,
    skipped_throttled   int not null default 0,
    -- the job resumes after this contact id: a retry or a second node picks up where the last batch committed
    last_contact_id     bigint not null default 0,
    started_by          bigint references users(id) on delete set null,
    created_at          timestamptz not null default now(),
    started_at          timestamptz,
    finished_at         timestamptz,
    error               text
);
create index survey_sends_survey_idx on survey_sends (survey_id, id desc);

alter table survey_invitations add column send_id bigint references survey_sends(id) on delete cascade;
-- one invitation per contact and send: a retried batch or a second node inserts nothing twice
create unique index survey_invitations_send_contact_uq on survey_invitations (send_id, contact_id) where send_id is not null;
alter table survey_invitations drop constraint survey_invitations_trigger_check,
    add constraint survey_invitations_trigger_check check (trigger in ('MANUAL','AFTER_ORDER','RELATIONSHIP','AUDIENCE'));
