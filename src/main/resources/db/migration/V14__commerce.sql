-- Commerce: products with a family and tier (so "a higher tier of the same family" is known), a price per
-- currency, and orders with lines. Orders are the raw material of lifetime value, churn and recommendations.
create table products (
    id          bigserial primary key,
    sku         text not null unique check (length(sku) between 1 and 64),
    name        text not null check (length(name) between 1 and 300),
    family      text check (length(family) <= 100),
    -- 1 is the entry tier; a product with a higher tier in the same family is its upgrade
    tier        smallint check (tier between 1 and 100),
    description text check (length(description) <= 4000),
    active      boolean not null default true,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    version     int not null default 0
);
create index products_family_idx on products (family, tier) where family is not null;
create index products_name_idx on products (lower(name), id);

create table product_prices (
    product_id  bigint not null references products(id) on delete cascade,
    currency    char(3) not null check (currency ~ '^[A-Z]{3}$'),
    unit_price  numeric(14, 2) not null check (unit_price >= 0),
    primary key (product_id, currency)
);

create table orders (
    id          bigserial primary key,
    -- the order number in the source system (web shop, invoice); unique so a re-import does not double it
    number      text not null unique check (length(number) between 1 and 64),
    contact_id  bigint references contacts(id) on delete set null,
    account_id  bigint references accounts(id) on delete set null,
    ordered_at  timestamptz not null,
    status      text not null default 'COMPLETED'
                check (status in ('PENDING','PAID','SHIPPED','COMPLETED','CANCELLED','REFUNDED')),
    channel     text not null default 'OTHER'
                check (channel in ('WEB','STORE','PHONE','SALES','MARKETPLACE','OTHER')),
    currency    char(3) not null check (currency ~ '^[A-Z]{3}$'),
    total       numeric(16, 2) not null default 0 check (total >= 0),
    created_by  bigint references users(id),
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    version     int not null default 0,
    check (contact_id is not null or account_id is not null)
);
create index orders_contact_idx on orders (contact_id, ordered_at desc);
create index orders_account_idx on orders (account_id, ordered_at desc);
create index orders_ordered_idx on orders (ordered_at desc, id desc);

create table order_lines (
    id          bigserial primary key,
    order_id    bigint not null references orders(id) on delete cascade,
    product_id  bigint not null references products(id),
    quantity    int not null check (quantity > 0),
    unit_price  numeric(14, 2) not null check (unit_price >= 0),
    line_total  numeric(16, 2) generated always as (quantity * unit_price) stored
);
create index order_lines_order_idx on order_lines (order_id);
create index order_lines_product_idx on order_lines (product_id);
