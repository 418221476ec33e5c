package io.rapport.sales.deals;

import java.math.BigDecimal;

/** A product on a deal: quantity × unit price less the discount (percent). */
public record DealLine(long id, long productId, String sku, String productName, int quantity, BigDecimal unitPrice,
                       BigDecimal discount) {

    public BigDecimal total() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity))
                .multiply(BigDecimal.valueOf(100).subtract(discount)).divide(BigDecimal.valueOf(100), 2, java.math.RoundingMode.HALF_UP);
    }
}
