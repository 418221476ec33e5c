-- What the feedback and analytics modules share with the rest: every scored survey answer in one table
-- (feedback's own surveys and the service desk's CSAT), and one row of value per customer.

-- One row per answered score question. Written only by the feedback module; others read it through
-- feedback.SurveyScores. Scales: NPS 0–10, CSAT 1–5, CES 1–7.
create table survey_responses (
    id           bigserial primary key,
    kind         text not null check (kind in ('NPS','CSAT','CES')),
    score        smallint not null,
    contact_id   bigint references contacts(id) on delete set null,
    account_id   bigint references accounts(id) on delete set null,
    ticket_id    bigint references tickets(id) on delete set null,
    order_id     bigint references orders(id) on delete set null,
    comment      text check (length(comment) <= 4000),
    -- where the answer came from, e.g. 'SURVEY' (feedback's own) or 'SERVICE_CSAT'
    source       text not null check (length(source) between 1 and 40),
    answered_at  timestamptz not null,
    check ((kind = 'NPS' and score between 0 and 10) or (kind = 'CSAT' and score between 1 and 5)
        or (kind = 'CES' and score between 1 and 7))
);
create index survey_responses_kind_time_idx on survey_responses (kind, answered_at);
create index survey_responses_contact_idx on survey_responses (contact_id, answered_at) where contact_id is not null;

-- Lifetime value per customer (contact), written by analytics' CLV scoring and read by churn, RFM, CAC and
-- the KPIs. Money is in the business's reporting currency.
create table customer_values (
    contact_id             bigint primary key references contacts(id) on delete cascade,
    currency               char(3) not null,
    orders                 int not null,
    first_order_at         timestamptz,
    last_order_at          timestamptz,
    historic_revenue       numeric(16, 2) not null,
    historic_margin        numeric(16, 2),
    -- from the latest model fit; null until a fit exists
    p_alive                double precision,
    expected_purchases     double precision,
    expected_order_value   numeric(16, 2),
    predicted_clv          numeric(16, 2),
    scored_at              timestamptz not null default now()
);
create index customer_values_clv_idx on customer_values (predicted_clv desc nulls last);
