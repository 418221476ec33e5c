-- Data quality for accounts, as for contacts (V6): how many of the key fields are filled — domain, industry, size,
-- tier and owner — kept by PostgreSQL so lists can filter and sort on it ("accounts missing an industry", "below 60%").
alter table accounts add column completeness smallint generated always as (
    ((case when domain is not null then 1 else 0 end)
   + (case when industry is not null then 1 else 0 end)
   + (case when size is not null then 1 else 0 end)
   + (case when tier is not null then 1 else 0 end)
   + (case when owner_id is not null then 1 else 0 end)) * 100 / 5) stored;
create index accounts_completeness_idx on accounts (completeness, id);
