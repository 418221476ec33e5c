package io.rapport.customers.customfields;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Custom field values between HTML forms ({@code cf.<key>} inputs) and the JSON the services validate. */
public final class CustomFieldForm {

    private CustomFieldForm() {}

    /** Raw form values as JSON: types are checked by {@link CustomFields#apply}, not here. */
    public static ObjectNode toJson(List<CustomField> fields, MultiValueMap<String, String> form) {
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        for (CustomField f : fields) {
            List<String> raw = form.getOrDefault("cf." + f.key(), List.of());
            switch (f.type()) {
                case MULTI_SELECT -> {
                    var array = values.putArray(f.key());
                    raw.stream().filter(v -> !v.isBlank()).forEach(array::add);
                }
                case BOOLEAN -> values.put(f.key(), raw.contains("true"));
                default -> {
                    String v = raw.isEmpty() ? "" : raw.getFirst().trim();
                    if (v.isEmpty()) values.putNull(f.key());
                    else values.put(f.key(), v);
                }
            }
        }
        return values;
    }

    /** Stored values as the strings a form shows (multi-select as a list). */
    public static Map<String, Object> toForm(Map<String, Object> stored) {
        Map<String, Object> form = new LinkedHashMap<>();
        stored.forEach((k, v) -> form.put("cf." + k, v instanceof List<?> l ? l.stream().map(String::valueOf).toList() : String.valueOf(v)));
        return form;
    }

    /** A stored value as display text. */
    public static String display(Object value) {
        if (value == null) return "—";
        if (value instanceof List<?> l) return String.join(", ", l.stream().map(String::valueOf).toList());
        if (value instanceof Boolean b) return b ? "Yes" : "No";
        return String.valueOf(value);
    }
}
