package io.rapport.commerce.orders;

import io.rapport.activities.Timeline;
import io.rapport.activities.Touchpoint;
import io.rapport.commerce.products.Money;
import io.rapport.customers.contacts.CustomerLifecycle;
import io.rapport.customers.imports.ContactRefs;
import io.rapport.customers.imports.CopyLine;
import io.rapport.customers.imports.DuplicatePolicy;
import io.rapport.customers.imports.ImportField;
import io.rapport.customers.imports.ImportOption;
import io.rapport.customers.imports.ImportRow;
import io.rapport.customers.imports.ImportRun;
import io.rapport.customers.imports.ImportTarget;
import io.rapport.platform.security.RecordVisibility;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Orders from CSV, one row per order line (the shape of shop and invoice exports): rows with the same order number
 * make one order, even across batches — the order is upserted by number and its total recomputed after each batch.
 * Rows are checked one by one (unknown SKU, negative quantity, missing price → error rows); each batch is then
 * written set-based from a COPY-filled staging table: missing products and contacts (when the options say so),
 * orders, lines, totals, lifecycle and timeline.
 */
@Component
class OrderImportTarget implements ImportTarget {

    static final String CREATE_PRODUCTS = "createMissingProducts";
    static final String CREATE_CONTACTS = "createMissingContacts";
    static final String CURRENCY = "currency";

    private static final String COLUMNS = "row_no, number, ordered_at, contact_id, account_id, email, customer_ref, sku, "
            + "description, quantity, unit_price, currency, channel, status";

    private final JdbcClient jdbc;
    private final CustomerLifecycle lifecycle;
    private final Timeline timeline;

    OrderImportTarget(JdbcClient jdbc, CustomerLifecycle lifecycle, Timeline timeline) {
        this.jdbc = jdbc;
        this.lifecycle = lifecycle;
        this.timeline = timeline;
    }

    @Override
    public String entity() {
        return "ORDER";
    }

    @Override
    public List<ImportField> fields() {
        return List.of(
                new ImportField("number", "Order number", true, "InvoiceNo", "invoice", "invoice number", "order", "order no", "order id"),
                new ImportField("orderedAt", "Ordered at", true, "InvoiceDate", "date", "order date", "invoice date"),
                new ImportField("contactEmail", "Contact e-mail", false, "email", "e-mail", "customer email"),
                new ImportField("contactId", "Contact id", false),
                new ImportField("customerRef", "Customer id (of the source)", false, "CustomerID", "customer", "customer number", "customer no"),
                new ImportField("sku", "SKU", true, "StockCode", "product code", "item", "item code", "product"),
                new ImportField("description", "Product description", false, "Description", "product name", "item name"),
                new ImportField("quantity", "Quantity", true, "qty"),
                new ImportField("unitPrice", "Unit price", false, "UnitPrice", "price"),
                new ImportField("currency", "Currency", false),
                new ImportField("channel", "Channel", false),
                new ImportField("status", "Status", false));
    }

    @Override
    public List<ImportOption> options() {
        return List.of(
                ImportOption.flag(CREATE_PRODUCTS, "Create missing products",
                        "An unknown SKU becomes a product named after its description (or SKU), priced at the row's unit price. "
                                + "Without it, rows with an unknown SKU are rejected."),
                ImportOption.flag(CREATE_CONTACTS, "Create missing contacts",
                        "An unknown e-mail becomes a contact with that e-mail; an unknown customer id becomes a contact named "
                                + "\"Customer <id>\" that later imports find by the same id. New contacts are owned by you."),
                ImportOption.text(CURRENCY, "Currency of rows without one", "An ISO 4217 code such as EUR, GBP or USD.", "EUR",
                        v -> Money.currency(v) == null ? "unknown currency '" + v + "'; use an ISO 4217 code such as EUR" : null));
    }

    @Override
    public List<DuplicatePolicy> policies() {
        return List.of(DuplicatePolicy.SKIP, DuplicatePolicy.UPDATE);
    }

    @Override
    public List<String> mappingProblems(java.util.Set<String> mapped) {
        return mapped.contains("contactEmail") || mapped.contains("contactId") || mapped.contains("customerRef") ? List.of()
                : List.of("map a column to contactEmail, contactId or customerRef: each order belongs to a contact");
    }

    @Override
    public RowWriter open(ImportRun run) {
        Staging staging = new Staging(run, new CustomerRefs(jdbc, run.user()));
        return new RowWriter() {
            @Override
            public Staged stage(ImportRow row) {
                return staging.stage(row);
            }

            @Override
            public Counts write(Connection connection, List<Staged> batch, DuplicatePolicy policy) throws SQLException {
                return OrderImportTarget.this.write(connection, batch, policy, run);
            }
        };
    }

    /** A product as rows need it: its id and prices. */
    private record Known(long id, Map<String, BigDecimal> prices) {}

    /** Checks rows; remembers products and customers for the run. */
    private final class Staging {
        private final ImportRun run;
        private final CustomerRefs refs;
        private final boolean createProducts;
        private final boolean createContacts;
        private final String defaultCurrency;
        private final Map<String, Known> products = new HashMap<>();
        /** SKUs and customer ids this run creates (in the batch being written): no need to look them up again. */
        private final Map<String, Known> pendingProducts = new HashMap<>();
        private final java.util.Set<String> pendingRefs = new java.util.HashSet<>();

        Staging(ImportRun run, CustomerRefs refs) {
            this.run = run;
            this.refs = refs;
            this.createProducts = run.flag(CREATE_PRODUCTS);
            this.createContacts = run.flag(CREATE_CONTACTS);
            String c = Money.currency(run.option(CURRENCY));
            this.defaultCurrency = c == null ? "EUR" : c;
        }

        Staged stage(ImportRow row) {
            String number = row.text("number", 64);
            if (number == null && row.get("number") == null) row.reject("number", "required: the order number");
            Instant at = orderedAt(row);
            if (at == null && row.get("orderedAt") == null) row.reject("orderedAt", "required");
            String sku = row.text("sku", 64);
            if (sku == null && row.get("sku") == null) row.reject("sku", "required");
            String description = row.text("description", 4000);
            Integer quantity = quantity(row);
            BigDecimal price = price(row);
            String currency = currency(row);
            String channel = row.oneOf("channel", Order.CHANNELS);
            String status = row.oneOf("status", Order.STATUSES);
            Customer customer = customer(row);
            boolean priceReadable = price != null || row.get("unitPrice") == null;
            if (sku != null && currency != null && priceReadable) {
                Known product = product(sku);
                if (product == null && createProducts && price != null) {
                    // the batch creates it at this row's price (in this currency): later rows may leave the price out
                    pendingProducts.putIfAbsent(sku, new Known(-1, new HashMap<>(Map.of(currency, price))));
                }
                if (product == null && !createProducts) {
                    row.reject("sku", "no product with the SKU '" + sku + "' (tick \"Create missing products\" to add it)");
                } else if (product == null && price == null) {
                    row.reject("unitPrice", "required for the new product " + sku);
                } else if (product != null && price == null) {
                    price = product.prices().get(currency);
                    if (price == null) row.reject("unitPrice", "product " + sku + " has no price in " + currency + "; give a unit price");
                }
            }
            if (row.rejected() || customer == null) return null;
            String line = new CopyLine().add(row.rowNo()).add(number).add(at).add(customer.contactId).add(customer.accountId)
                    .add(customer.email).add(customer.ref).add(sku).add(description).add(quantity).add(price).add(currency)
                    .add(channel == null ? "OTHER" : channel).add(status == null ? "COMPLETED" : status).toString();
            return new Staged(row.rowNo(), line, List.of());
        }

        /** Shop exports write "2010-12-01 08:26:00": read that directly, anything else as the framework reads dates. */
        private Instant orderedAt(ImportRow row) {
            String v = row.get("orderedAt");
            if (v != null && v.length() == 19 && v.charAt(10) == ' ' && v.charAt(4) == '-' && v.charAt(13) == ':') {
                try {
                    return java.time.LocalDateTime.parse(v, LOCAL).toInstant(java.time.ZoneOffset.UTC);
                } catch (java.time.format.DateTimeParseException e) {
                    // reported by row.instant below
                }
            }
            return row.instant("orderedAt");
        }

        private Integer quantity(ImportRow row) {
            String raw = row.get("quantity");
            if (raw == null) return row.reject("quantity", "required");
            try {
                int q = Integer.parseInt(raw);
                if (q < 0) return row.reject("quantity", q + " is negative: a cancellation or return, not an order line");
                if (q == 0) return row.reject("quantity", "must be at least 1");
                return q;
            } catch (NumberFormatException e) {
                return row.reject("quantity", "'" + raw + "' is not a whole number");
            }
        }

        private BigDecimal price(ImportRow row) {
            String raw = row.get("unitPrice");
            if (raw == null) return null;
            return Money.parse(raw, why -> row.reject("unitPrice", why));
        }

        private String currency(ImportRow row) {
            String raw = row.get("currency");
            if (raw == null) return defaultCurrency;
            String c = Money.currency(raw);
            return c != null ? c : row.reject("currency", "unknown currency '" + raw + "'; use an ISO 4217 code such as EUR");
        }

        private Known product(String sku) {
            Known k = products.get(sku);
            if (k != null) return k;
            Known pending = pendingProducts.get(sku);
            if (pending != null) return pending;
            // misses are not remembered: with "create missing products" the product exists after its batch
            List<Object[]> prices = jdbc.sql("""
                    select p.id, pp.currency, pp.unit_price from products p
                    left join product_prices pp on pp.product_id = p.id where p.sku = :sku""")
                    .param("sku", sku).query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getBigDecimal(3)}).list();
            if (prices.isEmpty()) return null;
            Map<String, BigDecimal> byCurrency = new HashMap<>();
            for (Object[] p : prices) if (p[1] != null) byCurrency.put((String) p[1], (BigDecimal) p[2]);
            k = new Known((Long) prices.getFirst()[0], byCurrency);
            if (products.size() < 100_000) products.put(sku, k);
            return k;
        }

        /** The contact of the row: by id, e-mail or customer id; unknown ones are created in the batch when allowed. */
        private Customer customer(ImportRow row) {
            ContactRefs contacts = run.contacts();
            Long id = row.id("contactId");
            if (id != null) {
                Optional<ContactRefs.Ref> ref = contacts.contactById(id);
                if (ref.isEmpty()) return row.reject("contactId", "no contact " + id);
                return new Customer(ref.get().id(), ref.get().accountId(), null, null);
            }
            String email = row.text("contactEmail", 254);
            if (email != null) {
                Optional<ContactRefs.Ref> ref = contacts.contactByEmail(email);
                if (ref.isPresent()) return new Customer(ref.get().id(), ref.get().accountId(), null, null);
                if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) return row.reject("contactEmail", "'" + email + "' is not an e-mail address");
                if (createContacts) return new Customer(null, null, email.toLowerCase(java.util.Locale.ROOT), null);
                return row.reject("contactEmail", "no contact with the e-mail " + email + " (tick \"Create missing contacts\" to add it)");
            }
            String raw = row.text("customerRef", 100);
            if (raw != null) {
                String ref = CustomerRefs.normalise(raw);
                if (pendingRefs.contains(ref)) return new Customer(null, null, null, ref);
                Optional<CustomerRefs.Ref> found = refs.find(ref);
                if (found.isPresent()) return new Customer(found.get().contactId(), found.get().accountId(), null, null);
                if (refs.known(ref)) return row.reject("customerRef", "the customer id " + ref + " is a contact you cannot see");
                if (createContacts) {
                    if (pendingRefs.size() < 200_000) pendingRefs.add(ref);
                    return new Customer(null, null, null, ref);
                }
                return row.reject("customerRef", "no contact with the customer id " + ref + " (tick \"Create missing contacts\" to add it)");
            }
            if (!row.rejected()) {
                row.reject(row.mapped("customerRef") ? "customerRef" : row.mapped("contactEmail") ? "contactEmail" : "contactId",
                        "required: the customer (contact e-mail, contact id or customer id)");
            }
            return null;
        }
    }

    private static final java.time.format.DateTimeFormatter LOCAL = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private record Customer(Long contactId, Long accountId, String email, String ref) {}

    private Counts write(Connection connection, List<Staged> batch, DuplicatePolicy policy, ImportRun run) throws SQLException {
        jdbc.sql("""
                create temp table if not exists import_order_stage (row_no bigint, number text, ordered_at timestamptz,
                    contact_id bigint, account_id bigint, email text, customer_ref text, sku text, description text,
                    quantity int, unit_price numeric(14, 2), currency text, channel text, status text) on commit delete rows""").update();
        CopyLine.copy(connection, "import_order_stage", COLUMNS, batch.stream().map(Staged::copyLine).toList());
        if (run.flag(CREATE_PRODUCTS)) createProducts();
        if (run.flag(CREATE_CONTACTS)) createContacts(run);
        long updated = 0;
        long created = jdbc.sql("""
                insert into orders (number, contact_id, account_id, ordered_at, status, channel, currency, created_by, import_id)
                select distinct on (number) number, contact_id, account_id, ordered_at, status, channel, currency, :user, :import
                from import_order_stage where contact_id is not null order by number, row_no
                on conflict (number) do nothing""")
                .param("user", run.user().id()).param("import", run.importId()).update();
        // orders that existed before this import (not written by one of its earlier batches)
        if (policy == DuplicatePolicy.UPDATE) {
            List<Long> replaced = RecordVisibility.bind(jdbc.sql("""
                    update orders o set contact_id = s.contact_id, account_id = s.account_id, ordered_at = s.ordered_at,
                        status = s.status, channel = s.channel, currency = s.currency, import_id = :import,
                        version = o.version + 1, updated_at = now()
                    from (select distinct on (number) * from import_order_stage order by number, row_no) s
                    where o.number = s.number and o.import_id is distinct from :import""" + " and " + OrderRepository.visible(run.user())
                    + " returning o.id").param("import", run.importId()), run.user()).query(Long.class).list();
            jdbc.sql("delete from order_lines where order_id = any(cast(:ids as bigint[]))").param("ids", replaced.toArray(Long[]::new)).update();
            updated = replaced.size();
        }
        // rows of orders this import did not write (they existed before, and the policy is SKIP) add no lines
        long lines = jdbc.sql("""
                insert into order_lines (order_id, product_id, quantity, unit_price)
                select o.id, p.id, s.quantity, s.unit_price
                from import_order_stage s join orders o on o.number = s.number and o.import_id = :import
                join products p on p.sku = s.sku
                where s.contact_id is not null order by s.row_no""").param("import", run.importId()).update();
        long skipped = batch.size() - lines;
        List<Object[]> touched = jdbc.sql("""
                update orders o set total = t.total, updated_at = now()
                from (select l.order_id, sum(l.line_total) as total, count(*) as lines from order_lines l
                      where l.order_id in (select o2.id from orders o2 join import_order_stage s on s.number = o2.number
                                     where o2.import_id = :import)
                      group by l.order_id) t
                where o.id = t.order_id
                returning o.id, o.number, o.contact_id, o.ordered_at, o.currency, o.total, t.lines""")
                .param("import", run.importId()).query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2), (Long) rs.getObject(3),
                        rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getBigDecimal(6), rs.getInt(7)}).list();
        List<Touchpoint> touchpoints = touched.stream().filter(t -> t[2] != null)
                .map(t -> Orders.touchpoint((Long) t[0], (String) t[1], (Long) t[2], (Instant) t[3], (String) t[4], null, 0)).toList();
        timeline.recordAll(touchpoints);
        lifecycle.purchased(touchpoints.stream().map(Touchpoint::contactId).distinct().toList(), run.user());
        return new Counts(created, updated, skipped);
    }

    /** Unknown SKUs become products named after the first row's description, priced at its unit price. */
    private void createProducts() {
        jdbc.sql("""
                with missing as (
                    select distinct on (sku) sku, coalesce(left(description, 300), sku) as name, currency, unit_price
                    from import_order_stage s where not exists (select 1 from products p where p.sku = s.sku)
                    order by sku, row_no),
                made as (
                    insert into products (sku, name) select sku, name from missing on conflict (sku) do nothing returning id, sku)
                insert into product_prices (product_id, currency, unit_price)
                select made.id, m.currency, m.unit_price from made join missing m on m.sku = made.sku
                on conflict do nothing""").update();
    }

    /**
     * Unknown customers become contacts owned by the importer: an e-mail gives a contact with that e-mail (its name
     * the part before the @), a customer id a contact "Customer 12345" with the id kept in customer_refs.
     */
    private void createContacts(ImportRun run) {
        jdbc.sql("""
                with missing as (select distinct customer_ref as ref from import_order_stage s
                                 where contact_id is null and customer_ref is not null
                                   and not exists (select 1 from customer_refs r where r.ref = s.customer_ref)),
                made as (insert into contacts (first_name, last_name, owner_id, team_id, source)
                         select 'Customer', ref, :owner, :team, 'order import' from missing order by ref returning id, last_name)
                insert into customer_refs (ref, contact_id) select last_name, id from made on conflict (ref) do nothing""")
                .param("owner", run.user().id()).param("team", run.user().teamId()).update();
        // only contacts the importer sees: a number taken meanwhile by someone else's contact leaves the row out (skipped)
        RecordVisibility.bind(jdbc.sql("""
                update import_order_stage s set contact_id = c.id, account_id = c.account_id
                from customer_refs r join contacts c on c.id = r.contact_id
                where s.contact_id is null and s.customer_ref = r.ref""" + " and " + RecordVisibility.condition(run.user(), "c")), run.user())
                .update();
        jdbc.sql("""
                insert into contacts (first_name, last_name, emails, owner_id, team_id, source)
                select '', left(split_part(email, '@', 1), 100), array[email], :owner, :team, 'order import'
                from (select distinct email from import_order_stage s where contact_id is null and email is not null
                      and not exists (select 1 from contacts c where c.emails @> array[s.email] and c.owner_id = :owner)) m
                order by email""").param("owner", run.user().id()).param("team", run.user().teamId()).update();
        jdbc.sql("""
                update import_order_stage s set contact_id = c.id, account_id = c.account_id
                from contacts c where s.contact_id is null and s.email is not null
                  and c.emails @> array[s.email] and c.owner_id = :owner""").param("owner", run.user().id()).update();
    }
}
