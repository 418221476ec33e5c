package io.rapport.sales.deals;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A deal as the API returns it. {@code contactIds} lists the primary contact first. */
public record Deal(long id, String name, long pipelineId, String pipelineName, long stageId, String stageName,
                   int probability, String status, BigDecimal amount, String currency, LocalDate closeDate,
                   Long ownerId, String ownerName, Long teamId, Long accountId, String accountName,
                   List<Long> contactIds, List<DealLine> lines, String lostReason, Long leadId,
                   Instant stageEnteredAt, Instant closedAt, Instant createdAt, Instant updatedAt, int version) {

    /** The fields an audit entry compares. */
    Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("stageId", stageId);
        m.put("status", status);
        m.put("amount", amount == null ? null : amount.toPlainString());
        m.put("currency", currency);
        m.put("closeDate", closeDate == null ? null : closeDate.toString());
        m.put("ownerId", ownerId);
        m.put("accountId", accountId);
        m.put("contactIds", contactIds);
        m.put("lines", lines.stream().map(l -> l.productId() + "x" + l.quantity() + "@" + l.unitPrice().toPlainString()
                + (l.discount().signum() == 0 ? "" : "-" + l.discount().toPlainString() + "%")).toList());
        m.put("lostReason", lostReason);
        return m;
    }

    public Long primaryContactId() {
        return contactIds.isEmpty() ? null : contactIds.getFirst();
    }
}
