package io.rapport.sales.deals;

import io.rapport.platform.web.JsonFields;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** A deal being created or changed: starts empty or from the stored deal, then takes the request's fields. */
final class DealDraft {

    static final Set<String> FIELDS = Set.of("name", "pipelineId", "stageId", "amount", "currency", "closeDate", "ownerId",
            "accountId", "contactIds", "lines", "lostReason", "version",
            // read-only fields of a GET, accepted so a client can send back what it read
            "id", "pipelineName", "stageName", "probability", "status", "ownerName", "teamId", "accountName", "leadId",
            "stageEnteredAt", "closedAt", "createdAt", "updatedAt");
    static final Set<String> LINE_FIELDS = Set.of("productId", "quantity", "unitPrice", "discount",
            "id", "sku", "productName", "total");
    static final BigDecimal MAX_AMOUNT = new BigDecimal("99999999999999.99");

    /** A line as sent; a null unit price is taken from the product's price list in the deal's currency. */
    record LineInput(Long productId, int quantity, BigDecimal unitPrice, BigDecimal discount) {}

    String name;
    Long pipelineId;
    Long stageId;
    BigDecimal amount;
    boolean amountGiven;
    String currency;
    LocalDate closeDate;
    Long ownerId;
    Long accountId;
    List<Long> contactIds = new ArrayList<>();
    List<LineInput> lines;
    String lostReason;
    Integer version;

    static DealDraft of(Deal d) {
        DealDraft draft = new DealDraft();
        draft.name = d.name();
        draft.pipelineId = d.pipelineId();
        draft.stageId = d.stageId();
        draft.amount = d.amount();
        draft.currency = d.currency();
        draft.closeDate = d.closeDate();
        draft.ownerId = d.ownerId();
        draft.accountId = d.accountId();
        draft.contactIds = new ArrayList<>(d.contactIds());
        draft.lostReason = d.lostReason();
        return draft;
    }

    void apply(JsonFields in, boolean creating) {
        if (in.has("name")) name = in.text("name", 200);
        if (name == null) in.error("name", "required");
        if (creating) {
            pipelineId = in.id("pipelineId");
            stageId = in.id("stageId");
            lostReason = in.text("lostReason", 500);
        } else {
            for (String viaStage : List.of("stageId", "lostReason")) {
                if (in.has(viaStage)) in.error(viaStage, "move a deal with POST /api/v1/deals/{id}/stage");
            }
            if (in.has("pipelineId")) in.error("pipelineId", "a deal stays in its pipeline");
        }
        if (in.has("amount")) {
            amountGiven = true;
            amount = amount(in, "amount", in.node("amount"));
        }
        if (in.has("currency") || creating) currency = currency(in, "currency", in.has("currency") ? in.text("currency", 10) : currency);
        if (in.has("closeDate")) closeDate = date(in, "closeDate");
        if (in.has("ownerId")) ownerId = in.id("ownerId");
        if (in.has("accountId")) accountId = in.id("accountId");
        if (in.has("contactIds")) contactIds = ids(in, "contactIds");
        if (in.has("lines")) lines = lines(in);
        if (in.has("version")) version = in.integer("version");
    }

    static BigDecimal amount(JsonFields in, String field, JsonNode n) {
        if (n == null || n.isNull()) return BigDecimal.ZERO;
        BigDecimal v;
        if (n.isNumber()) v = n.decimalValue();
        else if (n.isString()) {
            try {
                v = new BigDecimal(n.asString().trim());
            } catch (NumberFormatException e) {
                in.error(field, "'" + n.asString() + "' is not a number");
                return null;
            }
        } else {
            in.error(field, "expected a number");
            return null;
        }
        if (v.signum() < 0) {
            in.error(field, "must be 0 or more, not " + v.toPlainString());
            return null;
        }
        if (v.stripTrailingZeros().scale() > 2) {
            in.error(field, "at most 2 decimal places");
            return null;
        }
        if (v.compareTo(MAX_AMOUNT) > 0) {
            in.error(field, "at most " + MAX_AMOUNT.toPlainString());
            return null;
        }
        return v.setScale(2, java.math.RoundingMode.UNNECESSARY);
    }

    /** An ISO 4217 code java.util.Currency knows, upper-cased. */
    static String currency(JsonFields in, String field, String raw) {
        if (raw == null) {
            in.error(field, "required: an ISO 4217 code such as EUR or USD");
            return null;
        }
        String code = io.rapport.commerce.products.Money.currency(raw);
        if (code != null) return code;
        in.error(field, "'" + raw + "' is not an ISO 4217 currency code (e.g. EUR, USD, GBP)");
        return null;
    }

    private static LocalDate date(JsonFields in, String field) {
        String raw = in.text(field, 10);
        if (raw == null) return null;
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            in.error(field, "'" + raw + "' is not a date (YYYY-MM-DD)");
            return null;
        }
    }

    private static List<Long> ids(JsonFields in, String field) {
        JsonNode n = in.node(field);
        List<Long> ids = new ArrayList<>();
        if (n == null || n.isNull()) return ids;
        if (!n.isArray() || n.size() > 50) {
            in.error(field, "a list of at most 50 ids");
            return ids;
        }
        for (int i = 0; i < n.size(); i++) {
            JsonNode item = n.get(i);
            if (!item.isIntegralNumber() || item.asLong() < 1) in.error(field + "[" + i + "]", "expected a positive whole number id");
            else if (!ids.contains(item.asLong())) ids.add(item.asLong());
        }
        return ids;
    }

    private static List<LineInput> lines(JsonFields in) {
        JsonNode n = in.node("lines");
        List<LineInput> lines = new ArrayList<>();
        if (n == null || n.isNull()) return lines;
        if (!n.isArray() || n.size() > 200) {
            in.error("lines", "a list of at most 200 {productId, quantity, unitPrice, discount}");
            return lines;
        }
        for (int i = 0; i < n.size(); i++) {
            String prefix = "lines[" + i + "]";
            if (!n.get(i).isObject()) {
                in.error(prefix, "expected an object {productId, quantity, unitPrice, discount}");
                continue;
            }
            JsonFields line = new JsonFields(n.get(i), LINE_FIELDS);
            Long productId = line.id("productId");
            if (productId == null && !line.has("productId")) line.error("productId", "required");
            Integer quantity = line.has("quantity") ? line.integer("quantity") : Integer.valueOf(1);
            if (quantity != null && (quantity < 1 || quantity > 1_000_000)) line.error("quantity", "between 1 and 1000000");
            BigDecimal unitPrice = line.has("unitPrice") && !line.node("unitPrice").isNull()
                    ? amount(line, "unitPrice", line.node("unitPrice")) : null;
            BigDecimal discount = line.has("discount") ? amount(line, "discount", line.node("discount")) : BigDecimal.ZERO;
            if (discount != null && discount.compareTo(BigDecimal.valueOf(100)) > 0) line.error("discount", "a percentage, 0 to 100");
            boolean ok = line.errors().isEmpty();
            in.absorb(prefix, line);
            if (ok) lines.add(new LineInput(productId, quantity == null ? 1 : quantity, unitPrice,
                    discount == null ? BigDecimal.ZERO : discount));
        }
        return lines;
    }
}
