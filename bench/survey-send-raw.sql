-- The raw SQL cost of what a send to the 'bench-send' audience writes: one insert … select of the invitations
-- (with the same skip reasons) and one insert … select of the mails into the outbox, in one transaction, rolled back.
-- :survey is an active survey of the app's database. Run with psql -v survey=<id>.
begin;
-- invitations of an earlier run would throttle everyone: dated back to 1983 inside this transaction (not timed)
update survey_invitations set created_at = '1983-06-01' where trigger = 'AUDIENCE';
\timing on
\echo invitations insert … select:
insert into survey_invitations (survey_id, contact_id, trigger, status, refused_reason, email, expires_at)
select :survey, c.id, 'AUDIENCE', case when r.reason is null then 'SENT' else 'REFUSED' end, r.reason, c.emails[1],
       case when r.reason is null then now() + interval '14 days' end
  from contacts c cross join lateral (
        select case when c.emails[1] is null or btrim(c.emails[1]) = '' then 'NO_EMAIL'
                    when not c.email_consent then 'NO_CONSENT'
                    when exists (select 1 from survey_invitations i where i.contact_id = c.id and i.status <> 'REFUSED'
                                   and i.created_at > now() - make_interval(days => 30)) then 'THROTTLED' end as reason) r
 where c.tags @> array['bench-send'];
\echo outbox insert … select:
insert into mail_outbox (recipient, subject, body)
select i.email, 'Would you recommend us? One quick question',
       'Hello ' || c.first_name || E',\n\nHow likely are you to recommend us?\n' ||
       (select string_agg('  ' || v || ': http://localhost:8080/f/' || i.id || '.' || extract(epoch from i.expires_at)::bigint || '.'
                          || md5(i.id::text) || md5(i.id::text || 'x') || '?score=' || v, E'\n') from generate_series(10, 0, -1) v)
  from survey_invitations i join contacts c on c.id = i.contact_id
 where i.survey_id = :survey and i.status = 'SENT' and i.trigger = 'AUDIENCE' and i.created_at > '2000-01-01';
\timing off
rollback;
