package io.rapport.commerce.products;

import io.rapport.platform.web.JsonFields;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** Currency codes and amounts as the catalogue and orders accept them: ISO 4217, non-negative, cents. */
public final class Money {

    /** The largest amount numeric(14, 2) holds. */
    public static final BigDecimal MAX = new BigDecimal("999999999999.99");

    private Money() {}

    /** The upper-case ISO 4217 code, or null when {@code raw} is not one ({@link Currency} knows the codes). */
    public static String currency(String raw) {
        if (raw == null) return null;
        String code = raw.strip().toUpperCase(Locale.ROOT);
        if (!code.matches("[A-Z]{3}")) return null;
        try {
            return Currency.getInstance(code).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Why {@code amount} is not a price, or null when it is one. */
    public static String problem(BigDecimal amount) {
        if (amount.signum() < 0) return "must not be negative";
        if (amount.compareTo(MAX) > 0) return "at most " + MAX.toPlainString();
        if (amount.stripTrailingZeros().scale() > 2) return "at most 2 decimal places";
        return null;
    }

    /** A price from text (a CSV cell); null with the problem passed to {@code problem} when it is not one. */
    public static BigDecimal parse(String raw, java.util.function.Consumer<String> problem) {
        BigDecimal value;
        try {
            value = new BigDecimal(raw.strip());
        } catch (NumberFormatException e) {
            problem.accept("'" + raw + "' is not an amount such as 12.50");
            return null;
        }
        String why = problem(value);
        if (why != null) {
            problem.accept(why);
            return null;
        }
        return value;
    }

    /** A price from JSON (number or numeric string); errors go to {@code in} under {@code field}. */
    public static BigDecimal read(JsonNode n, String field, JsonFields in) {
        if (n == null || n.isNull()) return null;
        BigDecimal value = null;
        if (n.isNumber()) value = n.decimalValue();
        else if (n.isString()) {
            try {
                value = new BigDecimal(n.asString().strip());
            } catch (NumberFormatException e) {
                value = null;
            }
        }
        if (value == null) {
            in.error(field, "expected an amount such as 12.50");
            return null;
        }
        String problem = problem(value);
        if (problem != null) {
            in.error(field, problem);
            return null;
        }
        return value.setScale(2, java.math.RoundingMode.UNNECESSARY);
    }
}
