package io.rapport.commerce.recommendations;

import io.rapport.support.Api;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Products and orders written straight with SQL (the order API is another module's work): each test makes its own
 * products with unique SKUs, so rules between them come only from that test's orders.
 */
final class OrderFixture {

    /**
     * Thresholds for builds in tests: pairs in 3 baskets count whatever other tests left in the database (the configured
     * minimum support is a share of all baskets, which grows with every run).
     */
    static final AssociationRules.Thresholds SMALL = new AssociationRules.Thresholds(0, 3, 0.05, 1.0, 200, 50);

    private static final AtomicLong SEQ = new AtomicLong();
    private final JdbcClient jdbc;
    private final String prefix = Api.unique("rec");

    OrderFixture(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A product; family and tier may be null. */
    Product product(String name, String family, Integer tier) {
        String sku = prefix + "-" + SEQ.incrementAndGet();
        long id = jdbc.sql("insert into products (sku, name, family, tier) values (:sku, :name, :family, :tier) returning id")
                .param("sku", sku).param("name", name).param("family", family == null ? null : prefix + "-" + family)
                .param("tier", tier).query(Long.class).single();
        return new Product(id, sku, name);
    }

    Product product(String name) {
        return product(name, null, null);
    }

    void deactivate(Product p) {
        jdbc.sql("update products set active = false where id = :id").param("id", p.id()).update();
    }

    /** One order of a contact (and/or account) holding one line per product. */
    long order(Long contactId, Long accountId, String status, Product... products) {
        long id = jdbc.sql("insert into orders (number, contact_id, account_id, ordered_at, status, currency) "
                        + "values (:n, :c, :a, :at, :status, 'EUR') returning id")
                .param("n", prefix + "-o" + SEQ.incrementAndGet()).param("c", contactId).param("a", accountId)
                .param("at", OffsetDateTime.now()).param("status", status).query(Long.class).single();
        for (Product p : products) {
            jdbc.sql("insert into order_lines (order_id, product_id, quantity, unit_price) values (:o, :p, 1, 10)")
                    .param("o", id).param("p", p.id()).update();
        }
        return id;
    }

    long order(long contactId, Product... products) {
        return order(contactId, null, "COMPLETED", products);
    }

    /** A contact straight in the table (owned by the given user), for buyers no test looks at through the API. */
    long buyer(long ownerId) {
        return jdbc.sql("insert into contacts (last_name, owner_id) values (:n, :o) returning id")
                .param("n", prefix + "-buyer").param("o", ownerId).query(Long.class).single();
    }

    record Product(long id, String sku, String name) {}
}
