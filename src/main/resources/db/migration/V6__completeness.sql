-- Data quality: how complete a contact's key fields are (e-mail, phone, job title, account, owner, country),
-- kept by PostgreSQL so lists can filter and sort on it ("contacts missing email", "below 50%").
alter table contacts add column completeness smallint generated always as (
    ((case when cardinality(emails) > 0 then 1 else 0 end)
   + (case when cardinality(phones) > 0 then 1 else 0 end)
   + (case when job_title is not null then 1 else 0 end)
   + (case when account_id is not null then 1 else 0 end)
   + (case when owner_id is not null then 1 else 0 end)
   + (case when country is not null then 1 else 0 end)) * 100 / 6) stored;
create index contacts_completeness_idx on contacts (completeness, id);
