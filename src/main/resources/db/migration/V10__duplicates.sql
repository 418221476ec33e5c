-- Data quality: possible duplicates (found by a scan or on create), and undoable contact merges.

-- One row per pair of records that may be the same customer; low_id < high_id so a pair is stored once.
-- A dismissed pair stays (status DISMISSED) so later scans do not bring it back.
create table duplicate_pairs (
    id          bigserial primary key,
    entity      text not null check (entity in ('CONTACT','ACCOUNT')),
    low_id      bigint not null,
    high_id     bigint not null,
    score       numeric(4,3) not null check (score between 0 and 1),
    reasons     text[] not null default '{}',
    status      text not null default 'OPEN' check (status in ('OPEN','DISMISSED','MERGED')),
    scan_id     bigint,
    found_at    timestamptz not null default now(),
    decided_by  bigint references users(id),
    decided_at  timestamptz,
    check (low_id < high_id),
    unique (entity, low_id, high_id)
);
create index duplicate_pairs_open_idx on duplicate_pairs (entity, score desc, id) where status = 'OPEN';
create index duplicate_pairs_high_idx on duplicate_pairs (entity, high_id);

-- A scan over a whole table, run as a background job; the page polls its progress.
create table duplicate_scans (
    id           bigserial primary key,
    entity       text not null check (entity in ('CONTACT','ACCOUNT')),
    status       text not null default 'QUEUED' check (status in ('QUEUED','RUNNING','DONE','FAILED')),
    step         int not null default 0,
    steps        int not null default 1,
    step_name    text,
    pairs_found  int not null default 0,
    started_by   bigint references users(id),
    created_at   timestamptz not null default now(),
    started_at   timestamptz,
    finished_at  timestamptz,
    error        text
);
create index duplicate_scans_created_idx on duplicate_scans (created_at desc, id desc);
-- one queued or running scan per table, also when two nodes are asked at the same moment
create unique index duplicate_scans_active_uq on duplicate_scans (entity) where status in ('QUEUED','RUNNING');

-- A contact merged into another: the merged-away row and the survivor's row before and after, so the merge can
-- be undone for 30 days. Rows of other modules that were re-pointed are listed in contact_merge_moves.
create table contact_merges (
    id               bigserial primary key,
    survivor_id      bigint not null references contacts(id) on delete cascade,
    merged_id        bigint not null,
    merged_row       jsonb not null,
    survivor_before  jsonb not null,
    survivor_after   jsonb not null,
    merged_by        bigint references users(id),
    merged_at        timestamptz not null default now(),
    undone_by        bigint references users(id),
    undone_at        timestamptz
);
create index contact_merges_survivor_idx on contact_merges (survivor_id, merged_at desc);

create table contact_merge_moves (
    merge_id    bigint not null references contact_merges(id) on delete cascade,
    table_name  text not null,
    row_id      bigint not null,
    primary key (merge_id, table_name, row_id)
);

-- Blocking keys of the duplicate scan: contacts sharing a block are compared by trigram similarity of their names.
-- Expression indexes let the check on create find the same blocks without scanning.
create index contacts_account_last_idx on contacts (account_id, lower(last_name)) where account_id is not null;
create index contacts_account_first_idx on contacts (account_id, lower(first_name)) where account_id is not null;
-- an e-mail domain counts as an organisation's when some account has it
create index accounts_lower_domain_idx on accounts (lower(domain));
-- Similar account names are found through this index (trigram "%" join), not by comparing every pair.
create index accounts_lower_name_trgm_idx on accounts using gist (lower(name) gist_trgm_ops);

-- Work table of a running scan: every reason found for a pair, before they are combined into duplicate_pairs.
-- Unlogged: it is rebuilt by the next scan if lost.
create unlogged table duplicate_candidates (
    scan_id   bigint not null,
    low_id    bigint not null,
    high_id   bigint not null,
    kind      text not null,
    reason    text not null,
    score     numeric(4,3) not null
);
create index duplicate_candidates_scan_idx on duplicate_candidates (scan_id);
