-- Platform: users, teams, API tokens, login throttling, audit log, sessions, idempotency.
create extension if not exists pg_trgm;

create table teams (
    id          bigserial primary key,
    name        text not null unique check (length(name) between 1 and 120),
    created_at  timestamptz not null default now()
);

create table users (
    id              bigserial primary key,
    email           text not null check (length(email) <= 254),
    name            text not null check (length(name) between 1 and 200),
    password_hash   text not null,
    role            text not null check (role in ('ADMIN','MANAGER','SALES','MARKETING','AGENT','READ_ONLY')),
    team_id         bigint references teams(id),
    active          boolean not null default true,
    calendar_token  text,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    version         int not null default 0
);
create unique index users_email_uq on users (lower(email));

-- Failed logins per e-mail (known or not), shared by every app node.
create table login_throttle (
    email        text primary key,
    failures     int not null default 0,
    locked_until timestamptz,
    updated_at   timestamptz not null default now()
);

create table api_tokens (
    id            bigserial primary key,
    user_id       bigint not null references users(id) on delete cascade,
    name          text not null check (length(name) between 1 and 100),
    token_hash    text not null unique,
    prefix        text not null,
    created_at    timestamptz not null default now(),
    expires_at    timestamptz not null,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
create index api_tokens_user_idx on api_tokens (user_id);

create table audit_log (
    id           bigserial primary key,
    at           timestamptz not null default now(),
    actor_id     bigint,
    actor_email  text,
    action       text not null,
    entity_type  text not null,
    entity_id    bigint,
    summary      text,
    changes      jsonb not null default '{}'::jsonb
);
create index audit_log_at_idx on audit_log (at desc, id desc);
create index audit_log_entity_idx on audit_log (entity_type, entity_id, at desc);
create index audit_log_actor_idx on audit_log (actor_id, at desc);

create table idempotency_keys (
    user_id      bigint not null,
    key          text not null,
    request_path text not null,
    status       int,
    location     text,
    body         text,
    created_at   timestamptz not null default now(),
    primary key (user_id, key)
);

CREATE TABLE SPRING_SESSION (
    PRIMARY_ID CHAR(36) NOT NULL,
    SESSION_ID CHAR(36) NOT NULL,
    CREATION_TIME BIGINT NOT NULL,
    LAST_ACCESS_TIME BIGINT NOT NULL,
    MAX_INACTIVE_INTERVAL INT NOT NULL,
    EXPIRY_TIME BIGINT NOT NULL,
    PRINCIPAL_NAME VARCHAR(100),
    CONSTRAINT SPRING_SESSION_PK PRIMARY KEY (PRIMARY_ID)
);
CREATE UNIQUE INDEX SPRING_SESSION_IX1 ON SPRING_SESSION (SESSION_ID);
CREATE INDEX SPRING_SESSION_IX2 ON SPRING_SESSION (EXPIRY_TIME);
CREATE INDEX SPRING_SESSION_IX3 ON SPRING_SESSION (PRINCIPAL_NAME);
CREATE TABLE SPRING_SESSION_ATTRIBUTES (
    SESSION_PRIMARY_ID CHAR(36) NOT NULL,
    ATTRIBUTE_NAME VARCHAR(200) NOT NULL,
    ATTRIBUTE_BYTES BYTEA NOT NULL,
    CONSTRAINT SPRING_SESSION_ATTRIBUTES_PK PRIMARY KEY (SESSION_PRIMARY_ID, ATTRIBUTE_NAME),
    CONSTRAINT SPRING_SESSION_ATTRIBUTES_FK FOREIGN KEY (SESSION_PRIMARY_ID) REFERENCES SPRING_SESSION(PRIMARY_ID) ON DELETE CASCADE
);
