-- Executive KPIs: daily rollups of orders, first orders per customer, survey answers and tickets, kept by
-- statement-level triggers (transition tables) in the writing transaction, so the dashboard reads a few hundred
-- rows whatever the volume and is never stale (ADR 0033). Days are UTC days. Also: who gets the weekly KPI
-- report, and an HTML part for outgoing mail.

-- orders that count (not CANCELLED or REFUNDED), per UTC day of ordered_at and currency
create table kpi_daily_orders (
    day       date not null,
    currency  char(3) not null,
    orders    bigint not null default 0,
    revenue   numeric(20, 2) not null default 0,
    primary key (day, currency)
);

-- each contact's first order that counts: "new customers" of a period are contacts whose first order falls in it
create table kpi_first_orders (
    contact_id      bigint primary key references contacts(id) on delete cascade,
    first_order_at  timestamptz not null
);
create index kpi_first_orders_at_idx on kpi_first_orders (first_order_at);

-- scored survey answers per UTC day of answered_at and kind: count, sum of scores, top and bottom answers
-- (NPS: promoters 9–10 / detractors 0–6; CSAT: satisfied 4–5 / 1–2; CES: low effort 1–2 / high effort 6–7)
create table kpi_daily_surveys (
    day         date not null,
    kind        text not null,
    answers     bigint not null default 0,
    score_sum   bigint not null default 0,
    top         bigint not null default 0,
    bottom      bigint not null default 0,
    primary key (day, kind)
);

-- tickets (not merged into another): received / first-responded per UTC day of created_at, solved per UTC day of
-- solved_at, with summed wall-clock seconds and first-contact resolutions (one public agent reply, never reopened)
create table kpi_daily_tickets (
    day            date primary key,
    received       bigint not null default 0,
    responded      bigint not null default 0,
    response_secs  double precision not null default 0,
    solved         bigint not null default 0,
    resolve_secs   double precision not null default 0,
    fcr            bigint not null default 0
);

-- Each trigger function reads the statement's rows with a sign: +1 for new rows, -1 for old ones (an update is both),
-- sums the deltas per key and upserts them in key order (two transactions never lock rollup rows in opposite
-- orders); keys whose delta is zero (a rename, a version bump) are not touched.
create function kpi_rows(op text) returns text language sql immutable as $$
    select case op
        when 'INSERT' then 'select r.*, 1 as sgn from kpi_new r'
        when 'DELETE' then 'select r.*, -1 as sgn from kpi_old r'
        else 'select r.*, 1 as sgn from kpi_new r union all select r.*, -1 as sgn from kpi_old r' end
$$;

-- ---------------------------------------------------------------------------------------------- orders
create function kpi_orders_delta() returns trigger language plpgsql as $$
begin
    execute format($q$
        insert into kpi_daily_orders as k (day, currency, orders, revenue)
        select (ordered_at at time zone 'UTC')::date, currency, sum(sgn), sum(sgn * total)
          from (%s) d
         where status not in ('CANCELLED', 'REFUNDED')
         group by 1, 2
        having sum(sgn) <> 0 or sum(sgn * total) <> 0
         order by 1, 2
        on conflict (day, currency) do update set orders = k.orders + excluded.orders, revenue = k.revenue + excluded.revenue
    $q$, kpi_rows(TG_OP));

    -- first orders of the contacts the statement touched
    if TG_OP = 'INSERT' then
        insert into kpi_first_orders as f (contact_id, first_order_at)
        select contact_id, min(ordered_at) from kpi_new
         where contact_id is not null and status not in ('CANCELLED', 'REFUNDED')
         group by contact_id order by contact_id
        on conflict (contact_id) do update set first_order_at = excluded.first_order_at
         where excluded.first_order_at < f.first_order_at;
    else
        -- an update or delete can move a first order later or remove it: recompute those contacts from orders
        execute format($q$
            with touched as (
                select distinct contact_id from (%s) r where contact_id is not null
            ), firsts as (
                select t.contact_id,
                       (select min(o.ordered_at) from orders o
                         where o.contact_id = t.contact_id and o.status not in ('CANCELLED', 'REFUNDED')) first_order_at
                  from touched t
            ), gone as (
                delete from kpi_first_orders f using firsts x
                 where f.contact_id = x.contact_id and x.first_order_at is null
            )
            insert into kpi_first_orders as f (contact_id, first_order_at)
            select x.contact_id, x.first_order_at from firsts x
             where x.first_order_at is not null and exists (select 1 from contacts c where c.id = x.contact_id)
             order by x.contact_id
            on conflict (contact_id) do update set first_order_at = excluded.first_order_at
             where f.first_order_at is distinct from excluded.first_order_at
        $q$, kpi_rows(TG_OP));
    end if;
    return null;
end $$;

create trigger kpi_orders_insert after insert on orders
    referencing new table as kpi_new for each statement execute function kpi_orders_delta();
create trigger kpi_orders_update after update on orders
    referencing old table as kpi_old new table as kpi_new for each statement execute function kpi_orders_delta();
create trigger kpi_orders_delete after delete on orders
    referencing old table as kpi_old for each statement execute function kpi_orders_delta();

create function kpi_orders_truncate() returns trigger language plpgsql as $$
begin
    delete from kpi_daily_orders;
    delete from kpi_first_orders;
    delete from kpi_daily_new_customers;
    return null;
end $$;
create trigger kpi_orders_truncate after truncate on orders for each statement execute function kpi_orders_truncate();

-- new customers per UTC day of their first order, kept from kpi_first_orders the same way
create table kpi_daily_new_customers (
    day        date primary key,
    customers  bigint not null default 0
);
create function kpi_new_customers_delta() returns trigger language plpgsql as $$
begin
    execute format($q$
        insert into kpi_daily_new_customers as k (day, customers)
        select (first_order_at at time zone 'UTC')::date, sum(sgn) from (%s) d
         group by 1 having sum(sgn) <> 0 order by 1
        on conflict (day) do update set customers = k.customers + excluded.customers
    $q$, kpi_rows(TG_OP));
    return null;
end $$;
create trigger kpi_first_orders_insert after insert on kpi_first_orders
    referencing new table as kpi_new for each statement execute function kpi_new_customers_delta();
create trigger kpi_first_orders_update after update on kpi_first_orders
    referencing old table as kpi_old new table as kpi_new for each statement execute function kpi_new_customers_delta();
create trigger kpi_first_orders_delete after delete on kpi_first_orders
    referencing old table as kpi_old for each statement execute function kpi_new_customers_delta();

-- ---------------------------------------------------------------------------------------------- surveys
create function kpi_surveys_delta() returns trigger language plpgsql as $$
begin
    execute format($q$
        insert into kpi_daily_surveys as k (day, kind, answers, score_sum, top, bottom)
        select (answered_at at time zone 'UTC')::date, kind, sum(sgn), sum(sgn * score),
               coalesce(sum(sgn) filter (where (kind = 'NPS' and score >= 9) or (kind = 'CSAT' and score >= 4) or (kind = 'CES' and score <= 2)), 0),
               coalesce(sum(sgn) filter (where (kind = 'NPS' and score <= 6) or (kind = 'CSAT' and score <= 2) or (kind = 'CES' and score >= 6)), 0)
          from (%s) d
         group by 1, 2
        having sum(sgn) <> 0 or sum(sgn * score) <> 0
            or coalesce(sum(sgn) filter (where (kind = 'NPS' and score >= 9) or (kind = 'CSAT' and score >= 4) or (kind = 'CES' and score <= 2)), 0) <> 0
            or coalesce(sum(sgn) filter (where (kind = 'NPS' and score <= 6) or (kind = 'CSAT' and score <= 2) or (kind = 'CES' and score >= 6)), 0) <> 0
         order by 1, 2
        on conflict (day, kind) do update set answers = k.answers + excluded.answers, score_sum = k.score_sum + excluded.score_sum,
            top = k.top + excluded.top, bottom = k.bottom + excluded.bottom
    $q$, kpi_rows(TG_OP));
    return null;
end $$;
create trigger kpi_surveys_insert after insert on survey_responses
    referencing new table as kpi_new for each statement execute function kpi_surveys_delta();
create trigger kpi_surveys_update after update on survey_responses
    referencing old table as kpi_old new table as kpi_new for each statement execute function kpi_surveys_delta();
create trigger kpi_surveys_delete after delete on survey_responses
    referencing old table as kpi_old for each statement execute function kpi_surveys_delta();
create function kpi_surveys_truncate() returns trigger language plpgsql as $$
begin
    delete from kpi_daily_surveys;
    return null;
end $$;
create trigger kpi_surveys_truncate after truncate on survey_responses for each statement execute function kpi_surveys_truncate();

-- ---------------------------------------------------------------------------------------------- tickets
create function kpi_tickets_delta() returns trigger language plpgsql as $$
begin
    execute format($q$
        insert into kpi_daily_tickets as k (day, received, responded, response_secs, solved, resolve_secs, fcr)
        select day, sum(received), sum(responded), sum(response_secs), sum(solved), sum(resolve_secs), sum(fcr) from (
            select (created_at at time zone 'UTC')::date as day, sgn received,
                   case when first_response_at is not null then sgn else 0 end responded,
                   sgn * coalesce(extract(epoch from first_response_at - created_at)::float8, 0) response_secs,
                   0 solved, 0::float8 resolve_secs, 0 fcr
              from (%1$s) r where merged_into_id is null
            union all
            select (solved_at at time zone 'UTC')::date, 0, 0, 0, sgn, sgn * extract(epoch from solved_at - created_at)::float8,
                   case when agent_public_replies = 1 and reopen_count = 0 then sgn else 0 end
              from (%1$s) r where merged_into_id is null and solved_at is not null
        ) d
        group by day
        having sum(received) <> 0 or sum(responded) <> 0 or sum(response_secs) <> 0 or sum(solved) <> 0
            or sum(resolve_secs) <> 0 or sum(fcr) <> 0
        order by day
        on conflict (day) do update set received = k.received + excluded.received, responded = k.responded + excluded.responded,
            response_secs = k.response_secs + excluded.response_secs, solved = k.solved + excluded.solved,
            resolve_secs = k.resolve_secs + excluded.resolve_secs, fcr = k.fcr + excluded.fcr
    $q$, kpi_rows(TG_OP));
    return null;
end $$;

create trigger kpi_tickets_insert after insert on tickets
    referencing new table as kpi_new for each statement execute function kpi_tickets_delta();
create trigger kpi_tickets_update after update on tickets
    referencing old table as kpi_old new table as kpi_new for each statement execute function kpi_tickets_delta();
create trigger kpi_tickets_delete after delete on tickets
    referencing old table as kpi_old for each statement execute function kpi_tickets_delta();
create function kpi_tickets_truncate() returns trigger language plpgsql as $$
begin
    delete from kpi_daily_tickets;
    return null;
end $$;
create trigger kpi_tickets_truncate after truncate on tickets for each statement execute function kpi_tickets_truncate();

-- ---------------------------------------------------------------------------------------------- backfill
insert into kpi_daily_orders (day, currency, orders, revenue)
select (ordered_at at time zone 'UTC')::date, currency, count(*), sum(total)
  from orders where status not in ('CANCELLED', 'REFUNDED') group by 1, 2;
insert into kpi_first_orders (contact_id, first_order_at)
select contact_id, min(ordered_at) from orders
 where contact_id is not null and status not in ('CANCELLED', 'REFUNDED') group by contact_id;
insert into kpi_daily_surveys (day, kind, answers, score_sum, top, bottom)
select (answered_at at time zone 'UTC')::date, kind, count(*), sum(score),
       count(*) filter (where (kind = 'NPS' and score >= 9) or (kind = 'CSAT' and score >= 4) or (kind = 'CES' and score <= 2)),
       count(*) filter (where (kind = 'NPS' and score <= 6) or (kind = 'CSAT' and score <= 2) or (kind = 'CES' and score >= 6))
  from survey_responses group by 1, 2;
insert into kpi_daily_tickets (day, received, responded, response_secs, solved, resolve_secs, fcr)
select day, sum(received), sum(responded), sum(response_secs), sum(solved), sum(resolve_secs), sum(fcr) from (
    select (created_at at time zone 'UTC')::date as day, 1 received, case when first_response_at is not null then 1 else 0 end responded,
           coalesce(extract(epoch from first_response_at - created_at)::float8, 0) response_secs, 0 solved, 0::float8 resolve_secs, 0 fcr
      from tickets where merged_into_id is null
    union all
    select (solved_at at time zone 'UTC')::date, 0, 0, 0, 1, extract(epoch from solved_at - created_at)::float8,
           case when agent_public_replies = 1 and reopen_count = 0 then 1 else 0 end
      from tickets where merged_into_id is null and solved_at is not null
) d group by day;

-- ---------------------------------------------------------------------------------------------- weekly report
-- users who asked for the weekly KPI e-mail; last_week: the Monday of the last week mailed (a rerun sends nothing)
create table kpi_report_subscriptions (
    user_id     bigint primary key references users(id) on delete cascade,
    last_week   date,
    created_at  timestamptz not null default now()
);

-- (outgoing mail's HTML alternative is mail_outbox.body_html, added by V28)
