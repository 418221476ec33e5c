package io.rapport.commerce.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** An order with its lines; {@code total} is the sum of the lines. */
public record Order(long id, String number, Long contactId, String contactName, Long accountId, String accountName,
                    Instant orderedAt, String status, String channel, String currency, BigDecimal total, List<Line> lines,
                    int version, Instant createdAt, Instant updatedAt) {

    public static final List<String> STATUSES = List.of("PENDING", "PAID", "SHIPPED", "COMPLETED", "CANCELLED", "REFUNDED");
    public static final List<String> CHANNELS = List.of("WEB", "STORE", "PHONE", "SALES", "MARKETPLACE", "OTHER");

    public record Line(long id, long productId, String sku, String productName, int quantity, BigDecimal unitPrice,
                       BigDecimal lineTotal) {}

    Order withLines(List<Line> l) {
        return new Order(id, number, contactId, contactName, accountId, accountName, orderedAt, status, channel, currency,
                total, l, version, createdAt, updatedAt);
    }
}
