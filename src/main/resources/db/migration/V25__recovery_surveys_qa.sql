-- Complaints and service recovery, CSAT surveys, QA scorecards, and what the service dashboard reads.

-- one row per recovery step a complaint went through; each step at most once per ticket
create table ticket_recovery_steps (
    id                  bigserial primary key,
    ticket_id           bigint not null references tickets(id) on delete cascade,
    step                text not null check (step in ('ACKNOWLEDGED','APOLOGISED','CORRECTIVE_ACTION','COMPENSATION','FOLLOW_UP')),
    note                text check (length(note) <= 4000),
    corrective_action   text check (length(corrective_action) <= 4000),
    compensation_type   text check (compensation_type in ('REFUND','CREDIT','VOUCHER','OTHER')),
    compensation_value  numeric(14, 2) check (compensation_value >= 0),
    currency            char(3),
    done_by             bigint references users(id),
    done_at             timestamptz not null default now(),
    unique (ticket_id, step),
    check (step <> 'COMPENSATION' or (compensation_type is not null and compensation_value is not null and currency is not null)),
    check (step <> 'CORRECTIVE_ACTION' or corrective_action is not null)
);

-- whether solving a ticket that came in on this channel sends the CSAT survey
create table csat_channel_settings (
    channel  text primary key check (channel in ('EMAIL','WEB','PHONE','API','CHAT','SOCIAL','PORTAL')),
    enabled  boolean not null default false
);
insert into csat_channel_settings (channel, enabled)
values ('EMAIL', true), ('WEB', true), ('PHONE', false), ('API', false), ('CHAT', true), ('SOCIAL', false), ('PORTAL', true);

-- one invitation per ticket; the link's token is kept only as its SHA-256
create table csat_surveys (
    id           bigserial primary key,
    ticket_id    bigint not null unique references tickets(id) on delete cascade,
    contact_id   bigint references contacts(id) on delete set null,
    reason       text not null check (reason in ('SOLVED','RECOVERY')),
    token_hash   bytea not null unique,
    sent_at      timestamptz not null default now(),
    score        smallint check (score between 1 and 5),
    comment      text check (length(comment) <= 4000),
    answered_at  timestamptz
);
create index csat_surveys_answered_idx on csat_surveys (answered_at) where answered_at is not null;

create table qa_criteria (
    id         bigserial primary key,
    name       text not null unique check (length(name) between 1 and 80),
    weight     numeric(5, 2) not null default 1 check (weight > 0 and weight <= 100),
    position   int not null default 0,
    active     boolean not null default true
);
insert into qa_criteria (name, weight, position) values ('Empathy', 1, 1), ('Accuracy', 1, 2), ('Tone', 1, 3), ('Resolution', 1, 4);

create table qa_reviews (
    id           bigserial primary key,
    ticket_id    bigint not null references tickets(id) on delete cascade,
    reviewer_id  bigint not null references users(id),
    agent_id     bigint references users(id),
    -- weighted mean of the criteria scores, 1–5, kept so the dashboard averages one column
    score        numeric(4, 2) not null check (score between 1 and 5),
    comment      text check (length(comment) <= 4000),
    created_at   timestamptz not null default now()
);
create index qa_reviews_ticket_idx on qa_reviews (ticket_id);
create index qa_reviews_agent_idx on qa_reviews (agent_id, created_at desc);
create index qa_reviews_created_idx on qa_reviews (created_at);

create table qa_review_scores (
    review_id    bigint not null references qa_reviews(id) on delete cascade,
    criterion_id bigint not null references qa_criteria(id),
    score        smallint not null check (score between 1 and 5),
    comment      text check (length(comment) <= 2000),
    primary key (review_id, criterion_id)
);

-- The dashboard reads tickets only: the number of public agent replies is counted onto the ticket as messages are
-- written (first contact resolution = solved with exactly one and never reopened), and the first one sets
-- first_response_at when nothing set it before.
alter table tickets add column agent_public_replies int not null default 0;
update tickets t set agent_public_replies = m.n
  from (select ticket_id, count(*) n from ticket_messages where kind = 'PUBLIC' and direction = 'OUTBOUND' group by ticket_id) m
 where m.ticket_id = t.id;

create function tickets_count_agent_reply() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        update tickets set agent_public_replies = agent_public_replies + 1,
                           first_response_at = coalesce(first_response_at, new.created_at)
         where id = new.ticket_id;
    else
        update tickets set agent_public_replies = greatest(agent_public_replies - 1, 0) where id = old.ticket_id;
    end if;
    return null;
end $$;
create trigger ticket_messages_agent_reply_added after insert on ticket_messages
    for each row when (new.kind = 'PUBLIC' and new.direction = 'OUTBOUND') execute function tickets_count_agent_reply();
create trigger ticket_messages_agent_reply_removed after delete on ticket_messages
    for each row when (old.kind = 'PUBLIC' and old.direction = 'OUTBOUND') execute function tickets_count_agent_reply();

-- the dashboard's period scans: tickets received in a period and solved in a period, with every column the figures
-- need in the index, so a quarter is two index-only range scans
create index tickets_metrics_created_idx on tickets (created_at) include (assignee_id, team_id, first_response_at)
    where merged_into_id is null;
create index tickets_metrics_solved_idx on tickets (solved_at) include (assignee_id, team_id, created_at, reopen_count, agent_public_replies)
    where solved_at is not null and merged_into_id is null;
