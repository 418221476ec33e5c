package io.rapport.service.macros;

import java.util.List;

/**
 * Field changes a macro or an automation rule makes to a ticket; null (or empty tags) leaves a field as it is.
 * {@code custom} sets ticket custom fields by key (values checked against their definitions; a null value clears one).
 */
public record FieldChanges(String status, String priority, String type, List<String> addTags, Long teamId,
                           Long assigneeId, java.util.Map<String, Object> custom) {

    public static final List<String> STATUSES = List.of("NEW", "OPEN", "PENDING", "ON_HOLD", "SOLVED", "CLOSED");
    public static final List<String> PRIORITIES = List.of("LOW", "NORMAL", "HIGH", "URGENT");
    public static final List<String> TYPES = List.of("QUESTION", "INCIDENT", "PROBLEM", "REQUEST", "COMPLAINT");

    public FieldChanges {
        addTags = addTags == null ? List.of() : List.copyOf(addTags);
        custom = custom == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(custom));
    }

    public FieldChanges(String status, String priority, String type, List<String> addTags, Long teamId, Long assigneeId) {
        this(status, priority, type, addTags, teamId, assigneeId, null);
    }

    /** Only custom field values. */
    public static FieldChanges custom(java.util.Map<String, Object> values) {
        return new FieldChanges(null, null, null, null, null, null, values);
    }

    public static FieldChanges none() {
        return new FieldChanges(null, null, null, List.of(), null, null);
    }

    public boolean changesNothing() {
        return status == null && priority == null && type == null && addTags.isEmpty() && teamId == null && assigneeId == null
                && custom.isEmpty();
    }
}
