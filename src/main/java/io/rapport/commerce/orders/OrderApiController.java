package io.rapport.commerce.orders;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ETags;
import io.rapport.platform.web.Idempotency;
import io.rapport.platform.web.PageLimit;
import io.rapport.platform.web.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.http.ResponseEntity;
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

@Tag(name = "Orders")
@RestController
@RequestMapping("/api/v1/orders")
class OrderApiController {

    private final Orders orders;
    private final Idempotency idempotency;

    OrderApiController(Orders orders, Idempotency idempotency) {
        this.orders = orders;
        this.idempotency = idempotency;
    }

    @Operation(summary = "Orders you can see (with their contact or account), newest first",
            description = "Filters: contact, account, from / to (YYYY-MM-DD, both inclusive, or ISO instants), status. Lines are in GET /{id}.")
    @GetMapping
    PageResult<Order> list(@RequestParam(required = false) Long contact, @RequestParam(required = false) Long account,
                           @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                           @RequestParam(required = false) String status, @RequestParam(required = false) String cursor,
                           @RequestParam(required = false) Integer limit) {
        return orders.list(CurrentUser.require(), OrderFilter.of(contact, account, from, to, status), cursor, PageLimit.of(limit));
    }

    @GetMapping("/{id}")
    ResponseEntity<Order> get(@PathVariable long id) {
        Order o = orders.get(CurrentUser.require(), id);
        return ResponseEntity.ok().eTag("\"" + o.version() + "\"").body(o);
    }

    @Operation(summary = "Record an order",
            description = "{\"number\":\"SO-1001\",\"contactId\":12,\"orderedAt\":\"2026-03-01T10:00:00Z\",\"status\":\"PAID\",\"channel\":\"WEB\","
                    + "\"currency\":\"EUR\",\"lines\":[{\"sku\":\"RC-PRO\",\"quantity\":2},{\"productId\":7,\"quantity\":1,\"unitPrice\":19.90}]}. "
                    + "A line without unitPrice takes the product's price in the order's currency; the total is computed. "
                    + "The account defaults to the contact's.")
    @PostMapping
    ResponseEntity<?> create(@RequestBody JsonNode body, @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        CurrentUser user = CurrentUser.require();
        return idempotency.once(user, key, "POST /api/v1/orders", () -> {
            Order created = orders.create(user, body);
            return ResponseEntity.created(URI.create("/api/v1/orders/" + created.id())).eTag("\"" + created.version() + "\"").body(created);
        });
    }

    @Operation(summary = "Change an order's status", description = "{\"status\":\"SHIPPED\",\"version\":0} or If-Match.")
    @PatchMapping("/{id}")
    ResponseEntity<Order> changeStatus(@PathVariable long id, @RequestBody JsonNode body,
                                       @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Order updated = orders.changeStatus(CurrentUser.require(), id, body, ETags.parse(ifMatch));
        return ResponseEntity.ok().eTag("\"" + updated.version() + "\"").body(updated);
    }
}
