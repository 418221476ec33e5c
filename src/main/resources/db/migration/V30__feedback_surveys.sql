-- Feedback's own surveys: definitions with their questions, invitations mailed with signed one-click links,
-- non-scored answers, topic rules for comments, and the module's settings. Scored answers land in
-- survey_responses (V26), which gains the survey, invitation and question they answer, plus sentiment and topics.

create table surveys (
    id          bigserial primary key,
    name        text not null check (length(name) between 1 and 200),
    -- NPS, CSAT, CES: one score question (+ "why?"); CUSTOM: any list of questions
    kind        text not null check (kind in ('NPS','CSAT','CES','CUSTOM')),
    -- what sends it: by hand (API/UI), after an order, or the periodic relationship NPS job
    trigger     text not null default 'MANUAL' check (trigger in ('MANUAL','AFTER_ORDER','RELATIONSHIP')),
    intro       text check (length(intro) <= 2000),
    active      boolean not null default true,
    -- how long an answer link stays valid
    link_days   int not null default 14 check (link_days between 1 and 365),
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    version     int not null default 0
);

create table survey_questions (
    id         bigserial primary key,
    survey_id  bigint not null references surveys(id) on delete cascade,
    position   int not null,
    type       text not null check (type in ('SCORE','CHOICE','TEXT')),
    scale      text check (scale in ('NPS','CSAT','CES')),
    prompt     text not null check (length(prompt) between 1 and 500),
    choices    text[] not null default '{}',
    required   boolean not null default false,
    check ((type = 'SCORE') = (scale is not null)),
    check (type <> 'CHOICE' or cardinality(choices) between 2 and 20)
);
create index survey_questions_survey_idx on survey_questions (survey_id, position);

-- One row per attempt to survey a contact: sent (with a signed link) or refused with the reason.
create table survey_invitations (
    id              bigserial primary key,
    survey_id       bigint not null references surveys(id) on delete cascade,
    contact_id      bigint references contacts(id) on delete set null,
    order_id        bigint references orders(id) on delete set null,
    trigger         text not null check (trigger in ('MANUAL','AFTER_ORDER','RELATIONSHIP')),
    -- SENT: link mailed; STARTED: the one-click score is in, the rest of the form may follow; COMPLETED: used up
    status          text not null check (status in ('SENT','STARTED','COMPLETED','REFUSED')),
    refused_reason  text check (refused_reason in ('NO_CONTACT','NO_EMAIL','NO_CONSENT','THROTTLED')),
    email           text check (length(email) <= 320),
    created_at      timestamptz not null default now(),
    expires_at      timestamptz,
    answered_at     timestamptz,
    check ((status = 'REFUSED') = (refused_reason is not null))
);
create index survey_invitations_contact_idx on survey_invitations (contact_id, created_at desc) where status <> 'REFUSED';
create index survey_invitations_survey_idx on survey_invitations (survey_id, created_at desc);

-- Answers to choice and free-text questions (scored answers are in survey_responses).
create table survey_answers (
    invitation_id  bigint not null references survey_invitations(id) on delete cascade,
    question_id    bigint not null references survey_questions(id) on delete cascade,
    value          text not null check (length(value) between 1 and 4000),
    primary key (invitation_id, question_id)
);

alter table survey_responses
    add column survey_id      bigint references surveys(id) on delete set null,
    add column invitation_id  bigint references survey_invitations(id) on delete set null,
    add column question_id    bigint references survey_questions(id) on delete set null,
    -- of the comment, -1 … 1; null without a comment
    add column sentiment      numeric(4, 3) check (sentiment between -1 and 1),
    add column topics         text[] not null default '{}';
create unique index survey_responses_invitation_question_uq on survey_responses (invitation_id, question_id)
    where invitation_id is not null;
-- the service desk's CSAT: one answer per ticket
create unique index survey_responses_service_csat_uq on survey_responses (ticket_id) where source = 'SERVICE_CSAT';
create index survey_responses_survey_idx on survey_responses (survey_id, answered_at) where survey_id is not null;
create index survey_responses_topics_idx on survey_responses using gin (topics);

-- Admin-defined keyword rules: a comment containing any keyword (case-insensitive, word start) gets the topic.
create table feedback_topic_rules (
    id        bigserial primary key,
    topic     text not null unique check (length(topic) between 1 and 60),
    keywords  text[] not null check (cardinality(keywords) between 1 and 50)
);
insert into feedback_topic_rules (topic, keywords) values
    ('Delivery', '{delivery,shipping,shipped,late,arrived,courier}'),
    ('Price', '{price,expensive,cheap,cost,invoice,refund}'),
    ('Support', '{support,agent,helpful,friendly,rude,answer}'),
    ('Product quality', '{quality,broken,defect,works,sturdy,faulty}'),
    ('Ease of use', '{easy,simple,confusing,complicated,intuitive}');

create table feedback_settings (
    id                          boolean primary key default true check (id),
    -- no contact is surveyed more than once per this many days (feedback's own surveys)
    throttle_days               int not null default 30 check (throttle_days between 0 and 3650),
    -- relationship NPS: contacts (customers) not asked for this many days are due
    relationship_interval_days  int not null default 180 check (relationship_interval_days between 1 and 3650),
    relationship_batch          int not null default 200 check (relationship_batch between 1 and 10000),
    -- HMAC key of the answer links; shared by every node through the database
    token_secret                bytea not null
);
insert into feedback_settings (token_secret)
values (decode(replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''), 'hex'));

-- The service desk's CSAT answers given before this migration.
insert into survey_responses (kind, score, contact_id, account_id, ticket_id, comment, source, answered_at)
select 'CSAT', s.score, s.contact_id, t.account_id, s.ticket_id, s.comment, 'SERVICE_CSAT', s.answered_at
  from csat_surveys s join tickets t on t.id = s.ticket_id
 where s.score is not null and s.answered_at is not null
on conflict do nothing;
