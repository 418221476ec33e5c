-- Survey send benchmark data: :n contacts tagged 'bench-send' (the audience), one in 20 without an e-mail address,
-- one in 10 of the rest without consent, the others with an address and consent. Run with psql -v n=100000.
insert into contacts (first_name, last_name, emails, tags, email_consent, email_consent_at, email_consent_source, lifecycle_stage)
select 'Bench' || g, 'Sender' || g,
       case when g % 20 = 0 then '{}'::text[] else array['bench.send.' || g || '@example.com'] end,
       array['bench-send'],
       g % 10 <> 3, case when g % 10 <> 3 then now() end, case when g % 10 <> 3 then 'bench' end,
       'CUSTOMER'
  from generate_series(1, :n) g;
vacuum analyze contacts;
