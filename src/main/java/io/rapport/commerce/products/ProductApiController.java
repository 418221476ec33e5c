package io.rapport.commerce.products;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ETags;
import io.rapport.platform.web.Idempotency;
import io.rapport.platform.web.PageLimit;
import io.rapport.platform.web.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@Tag(name = "Products")
@RestController
@RequestMapping("/api/v1/products")
class ProductApiController {

    private final Products products;
    private final Catalog catalog;
    private final Idempotency idempotency;

    ProductApiController(Products products, Catalog catalog, Idempotency idempotency) {
        this.products = products;
        this.catalog = catalog;
        this.idempotency = idempotency;
    }

    @Operation(summary = "The catalogue by name", description = "q searches SKU, name and family; filter by family and active.")
    @GetMapping
    PageResult<Product> list(@RequestParam(required = false) String q, @RequestParam(required = false) String family,
                             @RequestParam(required = false) Boolean active, @RequestParam(required = false) String cursor,
                             @RequestParam(required = false) Integer limit) {
        CurrentUser.require();
        return products.list(q, family, active, cursor, PageLimit.of(limit));
    }

    @GetMapping("/{id}")
    ResponseEntity<Product> get(@PathVariable long id) {
        CurrentUser.require();
        Product p = products.get(id);
        return ResponseEntity.ok().eTag("\"" + p.version() + "\"").body(p);
    }

    @Operation(summary = "Active products of the same family with a higher tier")
    @GetMapping("/{id}/upgrades")
    List<Product> upgrades(@PathVariable long id) {
        CurrentUser.require();
        products.get(id);
        return catalog.upgradesOf(id);
    }

    @Operation(summary = "Add a product (administrators and managers)",
            description = "{\"sku\":\"RC-PRO\",\"name\":\"Rapport Cloud Pro\",\"family\":\"Rapport Cloud\",\"tier\":2,\"prices\":{\"EUR\":49.00,\"USD\":55.00}}")
    @PostMapping
    ResponseEntity<?> create(@RequestBody JsonNode body, @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        CurrentUser user = CurrentUser.require();
        return idempotency.once(user, key, "POST /api/v1/products", () -> {
            Product created = products.create(user, body);
            return ResponseEntity.created(URI.create("/api/v1/products/" + created.id())).eTag("\"" + created.version() + "\"").body(created);
        });
    }

    @Operation(summary = "Change a product (administrators and managers)",
            description = "Only the fields sent change; prices, when sent, replace the whole price list. Needs version or If-Match.")
    @PatchMapping("/{id}")
    ResponseEntity<Product> update(@PathVariable long id, @RequestBody JsonNode body,
                                   @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Product updated = products.update(CurrentUser.require(), id, body, ETags.parse(ifMatch));
        return ResponseEntity.ok().eTag("\"" + updated.version() + "\"").body(updated);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        products.delete(CurrentUser.require(), id);
        return ResponseEntity.noContent().build();
    }
}
