package io.rapport.service.tickets;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A ticket as the API and pages show it, with the names of its requester, account, assignee and team. */
public record Ticket(long id, long number, String subject, String status, String priority, String type, String channel,
                     Long requesterId, String requesterName, String requesterEmail, Long accountId, String accountName,
                     Long assigneeId, String assigneeName, Long teamId, String teamName, List<String> tags,
                     JsonNode custom, String language, Double sentiment, boolean flagged, Long mergedIntoId,
                     int reopenCount, Instant firstResponseAt, Instant lastCustomerMessageAt, Instant lastAgentReplyAt,
                     Instant solvedAt, Instant closedAt, Instant createdAt, Instant updatedAt, int version) {

    public static final List<String> STATUSES = List.of("NEW", "OPEN", "PENDING", "ON_HOLD", "SOLVED", "CLOSED");
    public static final List<String> OPEN_STATUSES = List.of("NEW", "OPEN", "PENDING", "ON_HOLD");
    public static final List<String> PRIORITIES = List.of("LOW", "NORMAL", "HIGH", "URGENT");
    public static final List<String> TYPES = List.of("QUESTION", "INCIDENT", "PROBLEM", "REQUEST", "COMPLAINT");
    public static final List<String> CHANNELS = List.of("EMAIL", "WEB", "PHONE", "API", "CHAT", "SOCIAL", "PORTAL");

    public boolean open() {
        return OPEN_STATUSES.contains(status);
    }

    /** What the audit log compares before and after a change. */
    Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", subject);
        m.put("status", status);
        m.put("priority", priority);
        m.put("type", type);
        m.put("assigneeId", assigneeId);
        m.put("teamId", teamId);
        m.put("tags", String.join(", ", tags));
        m.put("custom", custom == null ? null : custom.toString());
        m.put("language", language);
        m.put("mergedIntoId", mergedIntoId);
        return m;
    }
}
