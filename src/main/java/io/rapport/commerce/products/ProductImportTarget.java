package io.rapport.commerce.products;

import io.rapport.customers.imports.CopyLine;
import io.rapport.customers.imports.DuplicatePolicy;
import io.rapport.customers.imports.ImportField;
import io.rapport.customers.imports.ImportRow;
import io.rapport.customers.imports.ImportRun;
import io.rapport.customers.imports.ImportTarget;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The catalogue from CSV: one row per product, with at most one price (a currency and a unit price). A duplicate is
 * a product with the same SKU: skipped, or updated (its fields and that currency's price). Only administrators and
 * managers may change the catalogue, so other importers get every row rejected.
 */
@Component
class ProductImportTarget implements ImportTarget {

    private static final String COLUMNS = "row_no, sku, name, family, tier, description, active, currency, unit_price";

    private final JdbcClient jdbc;

    ProductImportTarget(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String entity() {
        return "PRODUCT";
    }

    @Override
    public List<ImportField> fields() {
        return List.of(
                new ImportField("sku", "SKU", true, "StockCode", "product code", "item code", "code"),
                new ImportField("name", "Name", true, "product", "product name", "Description"),
                new ImportField("family", "Family", false, "product family", "line"),
                new ImportField("tier", "Tier", false, "level"),
                new ImportField("description", "Description", false, "details"),
                new ImportField("active", "Active", false),
                new ImportField("currency", "Currency", false),
                new ImportField("unitPrice", "Unit price", false, "price", "UnitPrice"));
    }

    @Override
    public List<DuplicatePolicy> policies() {
        return List.of(DuplicatePolicy.SKIP, DuplicatePolicy.UPDATE);
    }

    @Override
    public RowWriter open(ImportRun run) {
        boolean allowed = run.user().isAdmin() || run.user().role() == io.rapport.platform.security.Role.MANAGER;
        return new RowWriter() {
            @Override
            public Staged stage(ImportRow row) {
                if (!allowed) return row.reject(null, "only administrators and managers can change the product catalogue");
                String sku = row.text("sku", 64);
                if (sku == null && row.get("sku") == null) row.reject("sku", "required");
                String name = row.text("name", 300);
                if (name == null && row.get("name") == null) row.reject("name", "required");
                String family = row.text("family", 100);
                Integer tier = row.integer("tier", 1, 100);
                if (tier != null && family == null) row.reject("tier", "a tier needs a family");
                String description = row.text("description", 4000);
                Boolean active = row.bool("active");
                String rawCurrency = row.get("currency");
                String currency = rawCurrency == null ? null : Money.currency(rawCurrency);
                if (rawCurrency != null && currency == null) row.reject("currency", "unknown currency '" + rawCurrency + "'");
                String rawPrice = row.get("unitPrice");
                BigDecimal price = rawPrice == null ? null : Money.parse(rawPrice, why -> row.reject("unitPrice", why));
                if (price != null && currency == null && rawCurrency == null) row.reject("currency", "required with a unit price");
                if (row.rejected()) return null;
                return new Staged(row.rowNo(), new CopyLine().add(row.rowNo()).add(sku).add(name).add(family).add(tier)
                        .add(description).add(active == null || active).add(currency).add(price).toString(), List.of(sku));
            }

            @Override
            public Counts write(Connection connection, List<Staged> batch, DuplicatePolicy policy) throws SQLException {
                return ProductImportTarget.this.write(connection, batch, policy);
            }
        };
    }

    private Counts write(Connection connection, List<Staged> batch, DuplicatePolicy policy) throws SQLException {
        jdbc.sql("""
                create temp table if not exists import_product_stage (row_no bigint, sku text, name text, family text, tier int,
                    description text, active boolean, currency text, unit_price numeric(14, 2), existed boolean) on commit delete rows""").update();
        CopyLine.copy(connection, "import_product_stage", COLUMNS, batch.stream().map(Staged::copyLine).toList());
        long existing = jdbc.sql("update import_product_stage s set existed = true where exists (select 1 from products p where p.sku = s.sku)")
                .update();
        long updated = 0;
        if (policy == DuplicatePolicy.UPDATE) {
            updated = jdbc.sql("""
                    update products p set name = s.name, family = coalesce(s.family, p.family), tier = coalesce(s.tier, p.tier),
                        description = coalesce(s.description, p.description), active = s.active, version = p.version + 1, updated_at = now()
                    from import_product_stage s where p.sku = s.sku""").update();
        }
        long created = jdbc.sql("""
                insert into products (sku, name, family, tier, description, active)
                select sku, name, family, tier, description, active from import_product_stage order by row_no
                on conflict (sku) do nothing""").update();
        jdbc.sql("""
                insert into product_prices (product_id, currency, unit_price)
                select p.id, s.currency, s.unit_price from import_product_stage s join products p on p.sku = s.sku
                where s.currency is not null and s.unit_price is not null and (s.existed is null or :update)
                on conflict (product_id, currency)""" + " do " + (policy == DuplicatePolicy.UPDATE ? "update set unit_price = excluded.unit_price" : "nothing"))
                .param("update", policy == DuplicatePolicy.UPDATE).update();
        return new Counts(created, updated, policy == DuplicatePolicy.SKIP ? existing : 0);
    }
}
