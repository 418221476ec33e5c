package io.rapport.platform.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One field's old and new value in an audit entry. */
public record FieldChange(Object old, Object now) {

    /** The fields whose values differ between two snapshots of a record, in the order of {@code after}. */
    public static Map<String, FieldChange> between(Map<String, ?> before, Map<String, ?> after) {
        Map<String, FieldChange> changes = new LinkedHashMap<>();
        after.forEach((field, value) -> {
            Object previous = before.get(field);
            if (!Objects.equals(previous, value)) {
                changes.put(field, new FieldChange(previous, value));
            }
        });
        return changes;
    }

    /** Every non-empty field of a new or deleted record. */
    public static Map<String, FieldChange> of(Map<String, ?> snapshot, boolean created) {
        Map<String, FieldChange> changes = new LinkedHashMap<>();
        snapshot.forEach((field, value) -> {
            if (value != null && !"".equals(value) && !(value instanceof java.util.Collection<?> c && c.isEmpty())
                    && !(value instanceof Map<?, ?> m && m.isEmpty())) {
                changes.put(field, created ? new FieldChange(null, value) : new FieldChange(value, null));
            }
        });
        return changes;
    }
}
