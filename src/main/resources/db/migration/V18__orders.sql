-- Orders: import of orders (and products) through the CSV import framework, and the external customer numbers
-- of order sources (a web shop's customer id) mapped to contacts.

-- Import targets live in several modules (contacts, activities, commerce, ...): the application checks the entity
-- against the registered targets, the table only keeps it sane.
alter table imports drop constraint if exists imports_entity_check;
alter table imports add constraint imports_entity_check check (entity ~ '^[A-Z_]{1,40}$');
-- settings of a run beyond the mapping (e.g. {"createMissingProducts": "true"})
alter table imports add column options jsonb not null default '{}'::jsonb;

-- An order outlives a deleted contact (revenue history stays right): contact_id and account_id may both be null.
alter table orders drop constraint if exists orders_check;
-- the import that last wrote the order's lines: lines of one order may span several batches of that import
alter table orders add column import_id bigint;
create index orders_status_idx on orders (status, ordered_at desc);

-- "Customer 12345" in an order source is this contact. One ref per source system; re-imports find the same contact.
create table customer_refs (
    id          bigserial primary key,
    ref         text not null unique check (length(ref) between 1 and 100),
    contact_id  bigint not null references contacts(id) on delete cascade,
    created_at  timestamptz not null default now()
);
create index customer_refs_contact_idx on customer_refs (contact_id);

create index products_sku_lower_idx on products (lower(sku));
