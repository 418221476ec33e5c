package io.rapport.service.automation;

import java.util.List;
import java.util.Map;

/** One test a ticket must pass: {@code field op value}. All of a rule's conditions must hold. */
public record Condition(String field, String op, String value) {

    /** Each field with the operators it takes. */
    public static final Map<String, List<String>> OPERATORS = Map.ofEntries(
            Map.entry("status", List.of("IS", "IS_NOT")), Map.entry("priority", List.of("IS", "IS_NOT")),
            Map.entry("type", List.of("IS", "IS_NOT")), Map.entry("channel", List.of("IS", "IS_NOT")),
            Map.entry("account_tier", List.of("IS", "IS_NOT")), Map.entry("tags", List.of("CONTAINS", "NOT_CONTAINS")),
            Map.entry("subject", List.of("CONTAINS")), Map.entry("body", List.of("CONTAINS")),
            Map.entry("sentiment", List.of("BELOW", "ABOVE")), Map.entry("flagged", List.of("IS")),
            Map.entry("assignee", List.of("IS_EMPTY", "IS_SET")),
            Map.entry("hours_since_created", List.of("MORE_THAN", "LESS_THAN")),
            Map.entry("hours_since_updated", List.of("MORE_THAN", "LESS_THAN")),
            Map.entry("hours_in_status", List.of("MORE_THAN", "LESS_THAN")));

    static final Map<String, List<String>> VALUES = Map.of(
            "status", List.of("NEW", "OPEN", "PENDING", "ON_HOLD", "SOLVED", "CLOSED"),
            "priority", List.of("LOW", "NORMAL", "HIGH", "URGENT"),
            "type", List.of("QUESTION", "INCIDENT", "PROBLEM", "REQUEST", "COMPLAINT"),
            "channel", List.of("EMAIL", "WEB", "PHONE", "API", "CHAT", "SOCIAL", "PORTAL"),
            "account_tier", List.of("STANDARD", "SILVER", "GOLD", "PLATINUM"),
            "flagged", List.of("true", "false"));

    /** Ticket custom fields as {@code custom.<key>} (a defined TICKET field) with these operators. */
    public static final List<String> CUSTOM_OPERATORS = List.of("IS", "IS_NOT", "IS_SET", "IS_EMPTY");

    static boolean custom(String field) {
        return field.startsWith("custom.") && field.substring(7).matches("^[a-z][a-z0-9_]{0,39}$");
    }

    static boolean numeric(String field) {
        return field.equals("sentiment") || field.startsWith("hours_");
    }

    static boolean needsValue(String op) {
        return !op.equals("IS_EMPTY") && !op.equals("IS_SET");
    }

    /** A custom field's test; its key is checked against the key pattern, so it can be a SQL literal. */
    private String customSql(String p) {
        String key = "'" + field.substring(7) + "'";
        String equals = "(t.custom ->> " + key + " = " + p + " or t.custom -> " + key + " @> to_jsonb(cast(" + p + " as text)))";
        return switch (op) {
            case "IS" -> equals;
            case "IS_NOT" -> "not coalesce(" + equals + ", false)";
            case "IS_SET" -> "jsonb_exists(t.custom, " + key + ")";
            default -> "not jsonb_exists(t.custom, " + key + ")";
        };
    }

    /** The SQL test over {@code t} (tickets) and {@code a} (its account), its value bound as {@code :name}. */
    String sql(String name) {
        String p = ":" + name;
        String since = "now() - " + p + " * interval '1 hour'";
        String cmp = op.equals("MORE_THAN") ? " <= " : " > ";
        if (custom(field)) return customSql(p);
        return switch (field) {
            case "status", "priority", "type", "channel" -> "t." + field + (op.equals("IS") ? " = " : " <> ") + p;
            case "account_tier" -> "coalesce(a.tier, '')" + (op.equals("IS") ? " = " : " <> ") + p;
            case "tags" -> (op.equals("CONTAINS") ? "" : "not ") + p + " = any(t.tags)";
            case "subject" -> "strpos(lower(t.subject), lower(" + p + ")) > 0";
            case "body" -> "exists (select 1 from ticket_messages m where m.ticket_id = t.id and m.direction = 'INBOUND'"
                    + " and strpos(lower(m.body_text), lower(" + p + ")) > 0)";
            case "sentiment" -> "t.sentiment" + (op.equals("BELOW") ? " < " : " > ") + p;
            case "flagged" -> "t.flagged = " + p;
            case "assignee" -> "t.assignee_id is " + (op.equals("IS_EMPTY") ? "null" : "not null");
            case "hours_since_created" -> "t.created_at" + cmp + since;
            case "hours_since_updated" -> "t.updated_at" + cmp + since;
            case "hours_in_status" -> "coalesce((select max(h.changed_at) from ticket_status_history h where h.ticket_id = t.id),"
                    + " t.created_at)" + cmp + since;
            default -> throw new IllegalStateException("unchecked field " + field);
        };
    }

    /** The bound value, typed as the SQL compares it. */
    Object param() {
        if (!needsValue(op)) return null;
        if (numeric(field)) return Double.parseDouble(value);
        if (field.equals("flagged")) return Boolean.parseBoolean(value);
        return value;
    }

    public String describe() {
        return field.replace('_', ' ') + " " + op.toLowerCase().replace('_', ' ') + (needsValue(op) ? " " + value : "");
    }
}
