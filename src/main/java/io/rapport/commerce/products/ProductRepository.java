package io.rapport.commerce.products;

import io.rapport.platform.web.Cursor;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The products and product_prices tables. */
@Repository
class ProductRepository {

    /** Prices come along as one "EUR=12.50,USD=14.00" text, so a page of products is one query. */
    private static final String SELECT = """
            select p.*, (select string_agg(pp.currency || '=' || pp.unit_price, ',' order by pp.currency)
                         from product_prices pp where pp.product_id = p.id) as price_list
            from products p""";

    private final JdbcClient jdbc;

    ProductRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Product> find(long id) {
        return jdbc.sql(SELECT + " where p.id = :id").param("id", id).query(ProductRepository::map).optional();
    }

    Optional<Product> findBySku(String sku) {
        return jdbc.sql(SELECT + " where p.sku = :sku").param("sku", sku).query(ProductRepository::map).optional();
    }

    Optional<Long> idOfSku(String sku) {
        return jdbc.sql("select id from products where sku = :sku").param("sku", sku).query(Long.class).optional();
    }

    Optional<BigDecimal> price(long productId, String currency) {
        return jdbc.sql("select unit_price from product_prices where product_id = :id and currency = :cur")
                .param("id", productId).param("cur", currency).query(BigDecimal.class).optional();
    }

    List<Product> upgradesOf(long productId) {
        return jdbc.sql(SELECT + """
                 join products base on base.id = :id
                where p.family = base.family and p.tier > base.tier and p.active order by p.tier, p.id""")
                .param("id", productId).query(ProductRepository::map).list();
    }

    /** A page by name (then id), filtered by a text in SKU, name or family, family and active. */
    List<Product> page(String q, String family, Boolean active, Cursor after, int limit) {
        return jdbc.sql(SELECT + """
                 where (cast(:q as text) is null or p.sku ilike :like or p.name ilike :like or p.family ilike :like)
                  and (cast(:family as text) is null or p.family = :family)
                  and (cast(:active as boolean) is null or p.active = :active)
                  and (cast(:afterName as text) is null or (lower(p.name), p.id) > (:afterName, :afterId))
                order by lower(p.name), p.id limit :limit""")
                .param("q", q).param("like", q == null ? null : "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
                .param("family", family).param("active", active)
                .param("afterName", after == null ? null : after.value()).param("afterId", after == null ? 0 : after.id())
                .param("limit", limit).query(ProductRepository::map).list();
    }

    List<String> families() {
        return jdbc.sql("select distinct family from products where family is not null order by family").query(String.class).list();
    }

    long insert(ProductDraft d) {
        long id = jdbc.sql("""
                insert into products (sku, name, family, tier, description, active)
                values (:sku, :name, :family, :tier, :description, :active) returning id""")
                .param("sku", d.sku).param("name", d.name).param("family", d.family).param("tier", d.tier)
                .param("description", d.description).param("active", d.active).query(Long.class).single();
        replacePrices(id, d.prices);
        return id;
    }

    boolean update(long id, int version, ProductDraft d) {
        boolean done = jdbc.sql("""
                update products set sku = :sku, name = :name, family = :family, tier = :tier, description = :description,
                    active = :active, version = version + 1, updated_at = now() where id = :id and version = :version""")
                .param("sku", d.sku).param("name", d.name).param("family", d.family).param("tier", d.tier)
                .param("description", d.description).param("active", d.active).param("id", id).param("version", version)
                .update() == 1;
        if (done) replacePrices(id, d.prices);
        return done;
    }

    private void replacePrices(long id, Map<String, BigDecimal> prices) {
        jdbc.sql("delete from product_prices where product_id = :id").param("id", id).update();
        prices.forEach((currency, price) -> jdbc.sql(
                "insert into product_prices (product_id, currency, unit_price) values (:id, :cur, :price)")
                .param("id", id).param("cur", currency).param("price", price).update());
    }

    boolean referenced(long id) {
        return jdbc.sql("""
                select exists (select 1 from order_lines where product_id = :id)
                    or exists (select 1 from deal_lines where product_id = :id)""").param("id", id).query(Boolean.class).single();
    }

    void delete(long id) {
        jdbc.sql("delete from products where id = :id").param("id", id).update();
    }

    static Product map(ResultSet rs, int n) throws SQLException {
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        String list = rs.getString("price_list");
        if (list != null) {
            for (String pair : list.split(",")) {
                int eq = pair.indexOf('=');
                prices.put(pair.substring(0, eq), new BigDecimal(pair.substring(eq + 1)));
            }
        }
        return new Product(rs.getLong("id"), rs.getString("sku"), rs.getString("name"), rs.getString("family"),
                (Integer) rs.getObject("tier"), rs.getString("description"), rs.getBoolean("active"), prices,
                rs.getInt("version"), rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    static List<String> sorted(java.util.Collection<String> c) {
        List<String> l = new ArrayList<>(c);
        java.util.Collections.sort(l);
        return l;
    }
}
