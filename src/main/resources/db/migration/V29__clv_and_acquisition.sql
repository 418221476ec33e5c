-- Analytics: lifetime value model fits (BG/NBD + Gamma-Gamma) and acquisition spend for CAC.

-- Every fit, converged or not. Scoring uses the latest CONVERGED fit; a FAILED one is kept for the record and
-- leaves the previous parameters in force.
create table clv_fits (
    id                  bigserial primary key,
    as_of               date not null,
    time_unit           text not null check (time_unit in ('DAYS','WEEKS')),
    status              text not null check (status in ('CONVERGED','FAILED')),
    message             text check (length(message) <= 2000),
    customers           int not null,
    repeat_customers    int not null,
    r                   double precision,
    alpha               double precision,
    a                   double precision,
    b                   double precision,
    bgnbd_log_likelihood double precision,
    bgnbd_evaluations   int,
    p                   double precision,
    q                   double precision,
    gamma               double precision,
    gg_log_likelihood   double precision,
    gg_evaluations      int,
    -- CLV settings in force for the scoring of this fit
    horizon_months      int not null,
    monthly_discount    double precision not null,
    margin_percent      numeric(5, 2) not null,
    -- calibration check: customers, actual and predicted mean repeat purchases per frequency x
    calibration         jsonb not null default '[]'::jsonb,
    duration_ms         bigint not null,
    -- where the time went: {"summaryMs": …, "bgnbdMs": …, "gammaGammaMs": …, "scoreMs": …}
    timings             jsonb not null default '{}'::jsonb,
    scored              int,
    created_by          bigint references users(id) on delete set null,
    created_at          timestamptz not null default now()
);
create index clv_fits_latest_idx on clv_fits (status, id desc);

-- which fit scored the row
alter table customer_values add column fit_id bigint references clv_fits(id) on delete set null;

-- Marketing spend per channel (and optionally campaign) and month, for CAC = spend ÷ new customers.
create table acquisition_spend (
    id          bigserial primary key,
    month       date not null check (extract(day from month) = 1),
    channel     text not null check (length(channel) between 1 and 100),
    campaign    text check (length(campaign) <= 200),
    amount      numeric(16, 2) not null check (amount >= 0),
    currency    char(3) not null check (currency ~ '^[A-Z]{3}$'),
    note        text check (length(note) <= 1000),
    created_by  bigint references users(id) on delete set null,
    created_at  timestamptz not null default now()
);
create index acquisition_spend_month_idx on acquisition_spend (month, lower(channel));
