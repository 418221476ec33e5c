-- Typo-tolerant search without scanning a million names: a small dictionary of the words that occur in
-- names (letters only), matched by trigram similarity, expands each typed word into the real words it may
-- mean; the records are then found through their full-text index. See docs/adr/0002.

-- The full-text vector holds names and job titles only: e-mail addresses as lexemes would put a million
-- distinct entries in the index and make every prefix query scan them. E-mails are found by prefix (below).
alter table contacts drop column search_vector;
alter table contacts add column search_vector tsvector generated always as (
    to_tsvector('simple', first_name || ' ' || last_name || ' ' || coalesce(job_title, ''))) stored;
create index contacts_fts_idx on contacts using gin (search_vector);

-- Search as you type starts with prefixes of names and e-mails, which b-trees answer in a few page reads.
create index contacts_first_last_prefix_idx on contacts (lower(first_name || ' ' || last_name) text_pattern_ops);
create index contacts_last_first_prefix_idx on contacts (lower(last_name || ' ' || first_name) text_pattern_ops);
create index contacts_email_prefix_idx on contacts ((emails[1]) text_pattern_ops);
create index accounts_name_prefix_idx on accounts (lower(name) text_pattern_ops);
create index accounts_domain_prefix_idx on accounts (domain text_pattern_ops);

create table search_words (word text primary key);
create index search_words_trgm_idx on search_words using gist (word gist_trgm_ops);

create function rapport_collect_words() returns trigger language plpgsql as $$
begin
    insert into search_words (word)
    select distinct w from new_rows, unnest(tsvector_to_array(new_rows.search_vector)) as w
     where w ~ '^[[:alpha:]]{2,40}$'
    on conflict do nothing;
    return null;
end $$;

-- statement-level with transition tables: one insert per statement, also for COPY of a million rows
create trigger contacts_collect_words_ins after insert on contacts
    referencing new table as new_rows for each statement execute function rapport_collect_words();
create trigger contacts_collect_words_upd after update on contacts
    referencing new table as new_rows for each statement execute function rapport_collect_words();

alter table accounts add column search_vector tsvector generated always as (
    to_tsvector('simple', name || ' ' || coalesce(domain, ''))) stored;
create index accounts_fts_idx on accounts using gin (search_vector);
create trigger accounts_collect_words_ins after insert on accounts
    referencing new table as new_rows for each statement execute function rapport_collect_words();
create trigger accounts_collect_words_upd after update on accounts
    referencing new table as new_rows for each statement execute function rapport_collect_words();

insert into search_words (word)
select distinct w from (
    select unnest(tsvector_to_array(search_vector)) as w from contacts
    union all select unnest(tsvector_to_array(search_vector)) from accounts) words
 where w ~ '^[[:alpha:]]{2,40}$'
on conflict do nothing;

-- "contains" filters of list pages: GIN answers LIKE '%…%' faster than GiST
drop index contacts_trgm_idx;
create index contacts_trgm_idx on contacts using gin (search_text gin_trgm_ops);
drop index accounts_trgm_idx;
create index accounts_trgm_idx on accounts using gin (search_text gin_trgm_ops);
