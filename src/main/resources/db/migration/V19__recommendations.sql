-- Cross-sell rules mined from co-purchases. The builder fills product_associations_next and swaps it in under this
-- name in one short transaction (drop + rename), so readers see the whole previous set or the whole new one.
-- Its DDL lives in AssociationRules.STAGING_DDL too and must stay the same as here.
create table product_associations (
    antecedent_id    bigint not null,   -- X: a product the customer bought
    consequent_id    bigint not null,   -- Y: the product recommended
    pair_count       int not null,      -- baskets with X and Y
    antecedent_count int not null,      -- baskets with X
    consequent_count int not null,      -- baskets with Y
    support          double precision not null,  -- pair_count / baskets
    confidence       double precision not null,  -- pair_count / antecedent_count
    lift             double precision not null,  -- confidence / (consequent_count / baskets)
    score            double precision not null,  -- lift * confidence: the ranking (docs/API.md)
    constraint product_associations_pkey primary key (antecedent_id, consequent_id)
);
create index product_associations_rank_idx on product_associations (antecedent_id, score desc) include (consequent_id);

-- Every rule build (nightly job or an admin's rebuild): its progress for the admin page and its outcome.
create table recommendation_builds (
    id             bigserial primary key,
    status         text not null default 'QUEUED' check (status in ('QUEUED','RUNNING','DONE','FAILED')),
    trigger        text not null check (trigger in ('SCHEDULE','ADMIN','DEMO')),
    basket         text not null check (basket in ('ORDER','CUSTOMER')),
    step           int not null default 0,
    steps          int not null,
    step_name      text not null default 'queued',
    baskets        bigint,
    rules          bigint,
    started_by     bigint references users(id) on delete set null,
    created_at     timestamptz not null default now(),
    started_at     timestamptz,
    finished_at    timestamptz,
    error          text
);
-- one build at a time: a second start joins the active one
create unique index recommendation_builds_one_active on recommendation_builds ((true)) where status in ('QUEUED','RUNNING');
create index recommendation_builds_done_idx on recommendation_builds (finished_at desc) where status = 'DONE';
