package io.rapport.sales.assignment;

import java.util.List;

/** "If field is one of values, give the lead to user / round robin within team"; no field matches every lead. */
public record AssignmentRule(long id, String name, int position, String field, List<String> values, Long userId,
                             String userName, Long teamId, String teamName, boolean active) {

    public static final List<String> FIELDS = List.of("country", "source", "campaign", "company", "jobTitle");

    boolean matches(LeadFacts lead) {
        if (field == null) return true;
        String v = lead.value(field);
        return v != null && values.stream().anyMatch(x -> x.equalsIgnoreCase(v.trim()));
    }

    public String condition() {
        return field == null ? "every lead" : field + " in (" + String.join(", ", values) + ")";
    }

    public String target() {
        return userId != null ? "user " + userName : "round robin in team " + teamName;
    }
}
