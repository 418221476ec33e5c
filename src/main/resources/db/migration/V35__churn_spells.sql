-- Churn spells (ADR 0035): under the INACTIVITY churn definition (no order in N days) a customer is active in spells
-- that run from an order after a gap of more than N days (or their first order) to the last order before the next
-- such gap + N days, the moment they churn. Kept per contact by statement-level triggers on orders, like the V31
-- rollups, for each N in churn_spell_sets (normally one: the configured inactivity_days), so churn and retention per
-- period become index-range reads instead of a lead() over every order. Only orders that count (not CANCELLED or
-- REFUNDED) with a contact. "N days" is N × 24 hours (UTC days).

-- The inactivity lengths spells are kept for. BUILDING: a rebuild job (after a change of inactivity_days) is filling
-- it, readers use the live query meanwhile; READY: complete and kept current by the triggers.
create table churn_spell_sets (
    inactivity_days  int primary key check (inactivity_days between 7 and 3650),
    status           text not null check (status in ('BUILDING', 'READY')),
    contacts_total   bigint,
    contacts_done    bigint not null default 0,
    started_at       timestamptz not null default now(),
    finished_at      timestamptz,
    error            text
);

create table churn_spells (
    inactivity_days  int not null references churn_spell_sets (inactivity_days) on delete cascade,
    contact_id       bigint not null,
    started_at       timestamptz not null,  -- the spell's first order
    churn_at         timestamptz not null,  -- its last order + N days: no order came before
    primary key (inactivity_days, contact_id, started_at)
);
create index churn_spells_churn_idx on churn_spells (inactivity_days, churn_at);
create index churn_spells_start_idx on churn_spells (inactivity_days, started_at) include (churn_at);

-- spells starting and churning per UTC day (floor), so "active at s" is a sum over days before s
create table churn_spell_days (
    inactivity_days  int not null references churn_spell_sets (inactivity_days) on delete cascade,
    day              date not null,
    starts           bigint not null default 0,
    churns           bigint not null default 0,
    primary key (inactivity_days, day)
);

-- Recompute the spells of these contacts (of one set, or of every set when only_days is null) from their orders, and
-- apply the net change to churn_spell_days in key order. Locks as analytics_refresh_order_rollups (V31): the same
-- per-contact advisory locks, so the two recomputes of one statement take them once.
create function churn_refresh_spells(ids bigint[], only_days int default null) returns void language plpgsql as $$
declare
    d int;
begin
    if ids is null or cardinality(ids) = 0 then return; end if;
    if cardinality(ids) > 5000 then
        perform pg_advisory_xact_lock(31, 0);
    else
        perform pg_advisory_xact_lock_shared(31, 0);
        perform pg_advisory_xact_lock(31, (1 + i % 2147483646)::int) from unnest(ids) i order by i;
    end if;
    for d in select inactivity_days from churn_spell_sets where only_days is null or inactivity_days = only_days order by 1 loop
        with old as (
                 delete from churn_spells where inactivity_days = d and contact_id = any(ids) returning started_at, churn_at),
             o as (
                 select contact_id, ordered_at t, lag(ordered_at) over (partition by contact_id order by ordered_at) prev
                   from orders where contact_id = any(ids) and status not in ('CANCELLED', 'REFUNDED')),
             g as (
                 select contact_id, t, count(*) filter (where prev is null or t > prev + make_interval(hours => 24 * d))
                            over (partition by contact_id order by t rows unbounded preceding) spell
                   from o),
             fresh as (
                 -- the scalar subquery runs the delete to its end before the first row is inserted
                 insert into churn_spells (inactivity_days, contact_id, started_at, churn_at)
                 select d, contact_id, min(t), max(t) + make_interval(hours => 24 * d) from g
                  where (select count(*) from old) >= 0
                  group by contact_id, spell
                 returning started_at, churn_at),
             delta as (
                 select day, sum(s) s, sum(c) c from (
                     select (started_at at time zone 'UTC')::date as day, -1 s, 0 c from old
                     union all select (churn_at at time zone 'UTC')::date, 0, -1 from old
                     union all select (started_at at time zone 'UTC')::date, 1, 0 from fresh
                     union all select (churn_at at time zone 'UTC')::date, 0, 1 from fresh) x
                  group by day having sum(s) <> 0 or sum(c) <> 0)
        insert into churn_spell_days as k (inactivity_days, day, starts, churns)
        select d, day, s, c from delta order by day
        on conflict (inactivity_days, day) do update set starts = k.starts + excluded.starts, churns = k.churns + excluded.churns;
    end loop;
end $$;

-- Every spell of one set from all orders (the backfill; after writes that bypassed the triggers).
create function churn_rebuild_spells(d int) returns void language plpgsql as $$
begin
    perform pg_advisory_xact_lock(31, 0);
    delete from churn_spells where inactivity_days = d;
    delete from churn_spell_days where inactivity_days = d;
    insert into churn_spells (inactivity_days, contact_id, started_at, churn_at)
    select d, contact_id, min(t), max(t) + make_interval(hours => 24 * d)
      from (select contact_id, t, count(*) filter (where prev is null or t > prev + make_interval(hours => 24 * d))
                   over (partition by contact_id order by t rows unbounded preceding) spell
              from (select contact_id, ordered_at t, lag(ordered_at) over (partition by contact_id order by ordered_at) prev
                      from orders where contact_id is not null and status not in ('CANCELLED', 'REFUNDED')) o) g
     group by contact_id, spell;
    insert into churn_spell_days (inactivity_days, day, starts, churns)
    select d, day, sum(s), sum(c) from (
        select (started_at at time zone 'UTC')::date as day, 1 s, 0 c from churn_spells where inactivity_days = d
        union all select (churn_at at time zone 'UTC')::date, 0, 1 from churn_spells where inactivity_days = d) x
     group by day;
end $$;

-- V31's full rebuild (bulk loads call it after writing with the triggers off) now rebuilds the spells too.
create or replace function analytics_rebuild_order_rollups() returns void language plpgsql as $$
declare
    d int;
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
    for d in select inactivity_days from churn_spell_sets where status = 'READY' order by 1 loop
        perform churn_rebuild_spells(d);
    end loop;
end $$;

create function orders_spells_after_insert() returns trigger language plpgsql as $$
begin
    perform churn_refresh_spells(array(select distinct contact_id from new_rows
                                        where contact_id is not null and status not in ('CANCELLED', 'REFUNDED') order by 1));
    return null;
end $$;

-- only changes of contact, date or status move spells (not a total or a note)
create function orders_spells_after_update() returns trigger language plpgsql as $$
begin
    perform churn_refresh_spells(array(
        select distinct x from (
            select unnest(array[o.contact_id, n.contact_id]) x
              from old_rows o join new_rows n using (id)
             where o.contact_id is distinct from n.contact_id or o.ordered_at is distinct from n.ordered_at
                or (o.status in ('CANCELLED', 'REFUNDED')) is distinct from (n.status in ('CANCELLED', 'REFUNDED'))) c
         where x is not null order by 1));
    return null;
end $$;

create function orders_spells_after_delete() returns trigger language plpgsql as $$
begin
    perform churn_refresh_spells(array(select distinct contact_id from old_rows
                                        where contact_id is not null and status not in ('CANCELLED', 'REFUNDED') order by 1));
    return null;
end $$;

create function orders_spells_after_truncate() returns trigger language plpgsql as $$
begin
    delete from churn_spells;
    delete from churn_spell_days;
    return null;
end $$;

create trigger orders_spells_insert after insert on orders referencing new table as new_rows
    for each statement execute function orders_spells_after_insert();
create trigger orders_spells_update after update on orders referencing old table as old_rows new table as new_rows
    for each statement execute function orders_spells_after_update();
create trigger orders_spells_delete after delete on orders referencing old table as old_rows
    for each statement execute function orders_spells_after_delete();
create trigger orders_spells_truncate after truncate on orders
    for each statement execute function orders_spells_after_truncate();

-- backfill for the configured inactivity length
insert into churn_spell_sets (inactivity_days, status, finished_at) select inactivity_days, 'READY', now() from churn_settings;
select churn_rebuild_spells(inactivity_days) from churn_settings;
update churn_spell_sets set contacts_total = x.n, contacts_done = x.n from (select count(*) n from contact_order_stats) x;
