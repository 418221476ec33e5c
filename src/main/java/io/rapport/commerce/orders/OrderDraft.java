package io.rapport.commerce.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** An order as checked from the API's JSON, before it is written. */
final class OrderDraft {

    static final Set<String> FIELDS = Set.of("number", "contactId", "accountId", "orderedAt", "status", "channel", "currency", "lines");
    static final Set<String> LINE_FIELDS = Set.of("productId", "sku", "quantity", "unitPrice");
    static final int MAX_LINES = 1000;

    record Line(long productId, String sku, String productName, int quantity, BigDecimal unitPrice) {
        BigDecimal total() {
            return unitPrice.multiply(BigDecimal.valueOf(quantity));
        }
    }

    String number;
    Long contactId;
    Long accountId;
    Instant orderedAt;
    String status;
    String channel;
    String currency;
    final List<Line> lines = new ArrayList<>();

    BigDecimal total() {
        return lines.stream().map(Line::total).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
