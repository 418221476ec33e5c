package io.rapport.sales.leads;

import io.rapport.platform.web.JsonFields;
import java.math.BigDecimal;
import tools.jackson.databind.JsonNode;

/** Amounts and currency codes as the sales tables store them: numeric(16, 2) ≥ 0 and ISO 4217 codes. */
final class Money {

    private Money() {}

    /** A non-negative amount with at most 14 digits before and 2 after the point; null when absent or invalid. */
    static BigDecimal amount(JsonFields in, String field) {
        JsonNode n = in.node(field);
        if (n == null || n.isNull()) return null;
        if (!n.isNumber()) {
            in.error(field, "expected a number");
            return null;
        }
        BigDecimal v = n.decimalValue();
        if (v.signum() < 0) in.error(field, "must not be negative");
        else if (v.scale() > 2 || v.precision() - v.scale() > 14) in.error(field, "at most 14 digits before and 2 after the decimal point");
        else return v;
        return null;
    }

    /** An ISO 4217 code in any case, upper-cased; null when absent or unknown. */
    static String currency(JsonFields in, String field) {
        String raw = in.text(field, 3);
        if (raw == null) return null;
        String code = io.rapport.commerce.products.Money.currency(raw);
        if (code == null) in.error(field, "unknown currency '" + raw + "'; an ISO 4217 code such as EUR");
        return code;
    }
}
