package io.rapport.commerce.products;

import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.audit.FieldChange;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.Cursor;
import io.rapport.platform.web.ExpectedVersion;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** The catalogue as users change it: everyone reads, administrators and managers write; versions and audit as for contacts. */
@Service
class Products {

    private final ProductRepository products;
    private final AuditLog audit;

    Products(ProductRepository products, AuditLog audit) {
        this.products = products;
        this.audit = audit;
    }

    Product get(long id) {
        return products.find(id).orElseThrow(() -> Problems.notFound("Product", id));
    }

    PageResult<Product> list(String q, String family, Boolean active, String cursor, int limit) {
        Cursor after = cursor == null ? null : Cursor.decode(cursor);
        String text = q == null || q.isBlank() ? null : q.strip();
        String fam = family == null || family.isBlank() ? null : family.strip();
        List<Product> page = products.page(text, fam, active, after, limit + 1);
        String next = page.size() > limit ? new Cursor(page.get(limit - 1).name().toLowerCase(java.util.Locale.ROOT), page.get(limit - 1).id()).encode() : null;
        return new PageResult<>(page.stream().limit(limit).toList(), next);
    }

    List<String> families() {
        return products.families();
    }

    @Transactional
    Product create(CurrentUser user, JsonNode body) {
        requireCatalogueWriter(user);
        JsonFields in = new JsonFields(body, ProductDraft.FIELDS);
        ProductDraft draft = new ProductDraft();
        draft.apply(in, true);
        in.throwIfInvalid();
        long id = insert(draft);
        Product created = get(id);
        audit.record("CREATE", "PRODUCT", id, "Created product " + created.sku() + " " + created.name(), FieldChange.of(created.snapshot(), true));
        return created;
    }

    @Transactional
    Product update(CurrentUser user, long id, JsonNode body, Integer ifMatch) {
        requireCatalogueWriter(user);
        Product current = get(id);
        JsonFields in = new JsonFields(body, ProductDraft.FIELDS);
        ExpectedVersion expected = ExpectedVersion.of(ifMatch, in.integer("version"));
        ProductDraft draft = ProductDraft.of(current);
        draft.apply(in, false);
        in.throwIfInvalid();
        expected.requireMatches("Product", id, current.version());
        try {
            if (!products.update(id, current.version(), draft)) throw expected.lostRace("Product", id, current.version());
        } catch (DuplicateKeyException e) {
            throw duplicateSku(draft.sku);
        }
        Product updated = get(id);
        Map<String, FieldChange> changes = FieldChange.between(current.snapshot(), updated.snapshot());
        if (!changes.isEmpty()) audit.record("UPDATE", "PRODUCT", id, "Updated product " + updated.sku(), changes);
        return updated;
    }

    @Transactional
    void delete(CurrentUser user, long id) {
        requireCatalogueWriter(user);
        Product current = get(id);
        if (products.referenced(id)) {
            throw Problems.conflict("Product " + current.sku() + " is on orders or deals; deactivate it instead (\"active\": false)");
        }
        products.delete(id);
        audit.record("DELETE", "PRODUCT", id, "Deleted product " + current.sku(), FieldChange.of(current.snapshot(), false));
    }

    private long insert(ProductDraft draft) {
        if (products.idOfSku(draft.sku).isPresent()) throw duplicateSku(draft.sku);
        try {
            return products.insert(draft);
        } catch (DuplicateKeyException e) {
            throw duplicateSku(draft.sku);
        }
    }

    static void requireCatalogueWriter(CurrentUser user) {
        if (!user.isAdmin() && user.role() != io.rapport.platform.security.Role.MANAGER) {
            throw Problems.forbidden("Only administrators and managers can change the product catalogue");
        }
    }

    private static RuntimeException duplicateSku(String sku) {
        return Problems.conflict("A product with the SKU '" + sku + "' already exists");
    }
}
