-- Analytics: churn and retention, cohort retention, RFM and the churn-risk score.

-- The business's churn definition (one row), set by an administrator.
--   INACTIVITY: a customer churns when no order follows within inactivity_days of their last one;
--   P_ALIVE:    a customer whose P(alive) (customer_values, from the CLV fit) is below p_alive_threshold churned on
--               the day of their last order;
--   EVENT:      only explicit churn events (churn_events) count.
create table churn_settings (
    id                 boolean primary key default true check (id),
    definition         text not null default 'INACTIVITY' check (definition in ('INACTIVITY','P_ALIVE','EVENT')),
    inactivity_days    int not null default 180 check (inactivity_days between 7 and 3650),
    p_alive_threshold  double precision not null default 0.3 check (p_alive_threshold > 0 and p_alive_threshold < 1),
    -- the churn-risk model predicts "no order in the next risk_window_days"
    risk_window_days   int not null default 90 check (risk_window_days between 7 and 730),
    updated_by         bigint references users(id),
    updated_at         timestamptz not null default now()
);
insert into churn_settings default values;

-- A contact explicitly marked churned (cancelled a contract, said goodbye): when and why. One per contact.
create table churn_events (
    contact_id   bigint primary key references contacts(id) on delete cascade,
    churned_on   date not null,
    reason       text not null check (length(reason) between 1 and 500),
    recorded_by  bigint references users(id),
    recorded_at  timestamptz not null default now()
);
create index churn_events_on_idx on churn_events (churned_on);

-- Order rollups, kept by statement-level triggers on orders (ADR 0031): only orders that count (not CANCELLED or
-- REFUNDED) with a contact. Month = calendar month in UTC.
create table contact_order_stats (
    contact_id      bigint primary key,
    first_order_at  timestamptz not null,
    last_order_at   timestamptz not null,
    orders          int not null,
    revenue         numeric(18, 2) not null
);
create index contact_order_stats_last_idx on contact_order_stats (last_order_at);

create table contact_month_activity (
    contact_id  bigint not null,
    month       date not null,
    orders      int not null,
    revenue     numeric(18, 2) not null,
    primary key (contact_id, month)
);

-- customers of each first-purchase month who bought in month + month_offset (offset 0 = the whole cohort)
create table cohort_month_counts (
    cohort_month  date not null,
    month_offset  int not null,
    customers     bigint not null,
    primary key (cohort_month, month_offset)
);

create function analytics_month_offset(c date, m date) returns int language sql immutable as $$
    select ((extract(year from m) - extract(year from c)) * 12 + extract(month from m) - extract(month from c))::int
$$;

-- Recompute the rollups of these contacts from their orders. Serialised per contact (advisory locks in id order;
-- a large batch takes one exclusive lock instead), the cohort counts changed by one net delta upserted in key order.
create function analytics_refresh_order_rollups(ids bigint[]) returns void language plpgsql as $$
begin
    if ids is null or cardinality(ids) = 0 then return; end if;
    if cardinality(ids) > 5000 then
        perform pg_advisory_xact_lock(31, 0);
    else
        perform pg_advisory_xact_lock_shared(31, 0);
        perform pg_advisory_xact_lock(31, (1 + i % 2147483646)::int) from unnest(ids) i order by i;
    end if;
    with old_act as (
             select contact_id, month from contact_month_activity where contact_id = any(ids)),
         old_c as (
             select f.first_month c, analytics_month_offset(f.first_month, a.month) o, -count(*) n
               from old_act a join (select contact_id, min(month) first_month from old_act group by contact_id) f using (contact_id)
              group by 1, 2),
         new_act as (
             select contact_id, date_trunc('month', ordered_at at time zone 'UTC')::date as month
               from orders where contact_id = any(ids) and status not in ('CANCELLED','REFUNDED') group by 1, 2),
         new_c as (
             select f.first_month c, analytics_month_offset(f.first_month, a.month) o, count(*) n
               from new_act a join (select contact_id, min(month) first_month from new_act group by contact_id) f using (contact_id)
              group by 1, 2),
         delta as (
             select c, o, sum(n) n from (select * from old_c union all select * from new_c) d group by c, o having sum(n) <> 0)
    insert into cohort_month_counts (cohort_month, month_offset, customers)
    select c, o, n from delta order by c, o
    on conflict (cohort_month, month_offset) do update set customers = cohort_month_counts.customers + excluded.customers;
    delete from cohort_month_counts where customers = 0;

    delete from contact_month_activity where contact_id = any(ids);
    insert into contact_month_activity (contact_id, month, orders, revenue)
    select contact_id, date_trunc('month', ordered_at at time zone 'UTC')::date, count(*), sum(total)
      from orders where contact_id = any(ids) and status not in ('CANCELLED','REFUNDED') group by 1, 2;
    delete from contact_order_stats where contact_id = any(ids);
    insert into contact_order_stats (contact_id, first_order_at, last_order_at, orders, revenue)
    select contact_id, min(ordered_at), max(ordered_at), count(*), sum(total)
      from orders where contact_id = any(ids) and status not in ('CANCELLED','REFUNDED') group by 1;
end $$;

-- Rebuild everything from the orders (the backfill below; after writes that bypassed the triggers).
create function analytics_rebuild_order_rollups() returns void language plpgsql as $$
begin
    perform pg_advisory_xact_lock(31, 0);
    truncate contact_month_activity, contact_order_stats, cohort_month_counts;
    insert into contact_month_activity (contact_id, month, orders, revenue)
    select contact_id, date_trunc('month', ordered_at at time zone 'UTC')::date, count(*), sum(total)
      from orders where contact_id is not null and status not in ('CANCELLED','REFUNDED') group by 1, 2;
    insert into contact_order_stats (contact_id, first_order_at, last_order_at, orders, revenue)
    select contact_id, min(ordered_at), max(ordered_at), count(*), sum(total)
      from orders where contact_id is not null and status not in ('CANCELLED','REFUNDED') group by 1;
    insert into cohort_month_counts (cohort_month, month_offset, customers)
    select f.first_month, analytics_month_offset(f.first_month, a.month), count(*)
      from contact_month_activity a
      join (select contact_id, date_trunc('month', first_order_at at time zone 'UTC')::date first_month from contact_order_stats) f
      using (contact_id)
     group by 1, 2;
end $$;

create function orders_rollups_after_insert() returns trigger language plpgsql as $$
begin
    perform analytics_refresh_order_rollups(array(select distinct contact_id from new_rows where contact_id is not null order by 1));
    return null;
end $$;

create function orders_rollups_after_update() returns trigger language plpgsql as $$
begin
    perform analytics_refresh_order_rollups(array(
        select distinct x from (
            select unnest(array[o.contact_id, n.contact_id]) x
              from old_rows o join new_rows n using (id)
             where o.contact_id is distinct from n.contact_id or o.ordered_at is distinct from n.ordered_at
                or o.status is distinct from n.status or o.total is distinct from n.total) c
         where x is not null order by 1));
    return null;
end $$;

create function orders_rollups_after_delete() returns trigger language plpgsql as $$
begin
    perform analytics_refresh_order_rollups(array(select distinct contact_id from old_rows where contact_id is not null order by 1));
    return null;
end $$;

create function orders_rollups_after_truncate() returns trigger language plpgsql as $$
begin
    truncate contact_month_activity, contact_order_stats, cohort_month_counts;
    return null;
end $$;

create trigger orders_rollups_insert after insert on orders referencing new table as new_rows
    for each statement execute function orders_rollups_after_insert();
create trigger orders_rollups_update after update on orders referencing old table as old_rows new table as new_rows
    for each statement execute function orders_rollups_after_update();
create trigger orders_rollups_delete after delete on orders referencing old table as old_rows
    for each statement execute function orders_rollups_after_delete();
create trigger orders_rollups_truncate after truncate on orders
    for each statement execute function orders_rollups_after_truncate();

select analytics_rebuild_order_rollups();

-- The churn-risk model: logistic regression on standardised features, trained on past cut-offs and back-tested
-- on a later hold-out cut-off (AUC). The latest row with status TRAINED scores the customers.
create table churn_risk_models (
    id              bigserial primary key,
    trained_at      timestamptz not null default now(),
    trained_by      bigint references users(id),
    status          text not null check (status in ('TRAINED','INSUFFICIENT_DATA')),
    window_days     int not null,
    holdout_cutoff  date,
    train_cutoffs   text,
    train_rows      int not null default 0,
    holdout_rows    int not null default 0,
    train_churn_rate double precision,
    auc             double precision,
    -- feature names, means, standard deviations, coefficients and intercept
    model           jsonb,
    message         text
);

create table churn_risk_scores (
    contact_id  bigint primary key references contacts(id) on delete cascade,
    model_id    bigint not null references churn_risk_models(id) on delete cascade,
    score       double precision not null check (score between 0 and 1),
    -- [{"feature": "recency", "label": "...", "contribution": 0.8}, …] the largest risk-raising first
    reasons     jsonb not null,
    scored_at   timestamptz not null default now()
);
create index churn_risk_scores_score_idx on churn_risk_scores (score desc, contact_id);
