package io.rapport.commerce.products;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The catalogue for other modules (deal line items, orders, recommendations): products by id or SKU, their price
 * in a currency, and their upgrades. Products are visible to every user, so no user is needed.
 */
@Service
public class Catalog {

    private final ProductRepository products;

    Catalog(ProductRepository products) {
        this.products = products;
    }

    public Optional<Product> find(long id) {
        return products.find(id);
    }

    public Optional<Product> findBySku(String sku) {
        return products.findBySku(sku);
    }

    /** The unit price of the product in {@code currency}; empty when the product has no price there (or does not exist). */
    public Optional<BigDecimal> priceOf(long productId, String currency) {
        return products.price(productId, currency);
    }

    /** Active products by name, at most {@code limit} (pick lists). */
    public List<Product> active(int limit) {
        return products.page(null, null, true, null, limit);
    }

    /** Active products of the same family with a higher tier, nearest tier first. */
    public List<Product> upgradesOf(long productId) {
        return products.upgradesOf(productId);
    }
}
