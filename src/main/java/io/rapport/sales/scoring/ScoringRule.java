package io.rapport.sales.scoring;

import java.util.List;

/** One admin-defined scoring rule: on an attribute, on behaviour (events), or on inactivity (decay). */
public record ScoringRule(long id, String name, String kind, String field, String operator, String value,
                          String eventType, String urlContains, Integer days, int points, boolean active) {

    public static final List<String> KINDS = List.of("ATTRIBUTE", "BEHAVIOUR", "INACTIVITY");
    public static final List<String> FIELDS = List.of("firstName", "lastName", "email", "phone", "company", "jobTitle",
            "companySize", "website", "country", "source", "campaign");
    public static final List<String> OPERATORS = List.of("CONTAINS", "EQUALS", "GT", "LT", "IS_EMPTY");

    /** How the rule reads on the admin page. */
    public String describe() {
        return switch (kind) {
            case "ATTRIBUTE" -> field + " " + operator.toLowerCase().replace('_', ' ') + (value == null ? "" : " \"" + value + "\"");
            case "BEHAVIOUR" -> "event " + eventType + (urlContains == null ? "" : " with URL containing \"" + urlContains + "\"");
            default -> "no activity in " + days + " days";
        };
    }
}
