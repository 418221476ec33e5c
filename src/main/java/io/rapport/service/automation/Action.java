package io.rapport.service.automation;

import java.util.List;

/**
 * One step of a rule, run in order: SET_STATUS / SET_PRIORITY / SET_TYPE / ADD_TAG ({@code value}),
 * ASSIGN_USER ({@code userId}), ASSIGN_TEAM ({@code teamId}), SEND_EMAIL ({@code to} REQUESTER or USER with
 * {@code userId}; {@code subject}, {@code body} with placeholders), CREATE_TASK for the assignee ({@code title},
 * optional {@code dueInHours}), SET_CUSTOM ({@code field}: a ticket custom field's key, {@code value} as text; multi-select
 * options separated by '|'; empty clears).
 */
public record Action(String type, String value, Long userId, Long teamId, String to, String subject, String body,
                     String title, Integer dueInHours, String field) {

    public static final List<String> TYPES = List.of("SET_STATUS", "SET_PRIORITY", "SET_TYPE", "ADD_TAG", "ASSIGN_USER",
            "ASSIGN_TEAM", "SEND_EMAIL", "CREATE_TASK", "SET_CUSTOM");

    public String describe() {
        return switch (type) {
            case "SET_STATUS", "SET_PRIORITY", "SET_TYPE" -> type.substring(4).toLowerCase() + " → " + value;
            case "ADD_TAG" -> "tag +" + value;
            case "ASSIGN_USER" -> "assign user " + userId;
            case "ASSIGN_TEAM" -> "assign team " + teamId;
            case "SEND_EMAIL" -> "e-mail " + ("USER".equals(to) ? "user " + userId : "requester") + ": " + subject;
            case "CREATE_TASK" -> "task for assignee: " + title;
            case "SET_CUSTOM" -> field + " → " + (value == null ? "(empty)" : value);
            default -> type;
        };
    }
}
