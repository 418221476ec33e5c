-- Undoable account merges, like contact_merges (V10): the merged-away row and the survivor's row before and after,
-- and the rows re-pointed to the survivor (contacts, child accounts, and other modules' rows) in account_merge_moves.
create table account_merges (
    id               bigserial primary key,
    survivor_id      bigint not null references accounts(id) on delete cascade,
    merged_id        bigint not null,
    merged_row       jsonb not null,
    survivor_before  jsonb not null,
    survivor_after   jsonb not null,
    merged_by        bigint references users(id),
    merged_at        timestamptz not null default now(),
    undone_by        bigint references users(id),
    undone_at        timestamptz
);
create index account_merges_survivor_idx on account_merges (survivor_id, merged_at desc);

create table account_merge_moves (
    merge_id    bigint not null references account_merges(id) on delete cascade,
    table_name  text not null,
    row_id      bigint not null,
    primary key (merge_id, table_name, row_id)
);
