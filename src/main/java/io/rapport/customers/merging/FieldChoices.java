package io.rapport.customers.merging;

import io.rapport.platform.web.JsonFields;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Which record's value the survivor keeps, per field: {@code "survivor"} or {@code "other"}; list fields also
 * {@code "both"} (the default: the survivor's first). A field not named keeps the survivor's value, or the other's
 * when the survivor has none.
 */
public final class FieldChoices {

    private static final String CUSTOM = "customFields.";

    private final Map<String, String> chosen = new LinkedHashMap<>();

    private FieldChoices() {}

    /** Reads {@code fields} of the request; unknown fields and values are errors in {@code in}. */
    public static FieldChoices read(JsonFields in, List<String> fields, Set<String> lists, Set<String> customKeys) {
        FieldChoices choices = new FieldChoices();
        JsonNode node = in.node("fields");
        if (node == null || node.isNull()) return choices;
        if (!node.isObject()) {
            in.error("fields", "expected an object of field name → \"survivor\" or \"other\"");
            return choices;
        }
        for (String field : node.propertyNames()) {
            boolean custom = field.startsWith(CUSTOM) && customKeys.contains(field.substring(CUSTOM.length()));
            if (!fields.contains(field) && !custom) {
                in.error("fields." + field, "unknown field; one of " + fields + " or customFields.<key>");
                continue;
            }
            JsonNode value = node.get(field);
            String v = value.isString() ? value.asString().trim().toLowerCase(Locale.ROOT) : "";
            boolean valid = v.equals("survivor") || v.equals("other") || (v.equals("both") && lists.contains(field));
            if (!valid) in.error("fields." + field, lists.contains(field) ? "\"survivor\", \"other\" or \"both\"" : "\"survivor\" or \"other\"");
            else choices.chosen.put(field, v);
        }
        return choices;
    }

    public <T> T pick(String field, T survivor, T other) {
        return takesOther(field, survivor == null || (survivor instanceof String s && s.isBlank())) ? other : survivor;
    }

    public boolean takesOther(String field, boolean survivorEmpty) {
        String choice = chosen.get(field);
        return choice == null ? survivorEmpty : choice.equals("other");
    }

    public List<String> list(String field, List<String> survivor, List<String> other, int max) {
        String choice = chosen.getOrDefault(field, "both");
        if (choice.equals("other")) return other;
        if (choice.equals("survivor")) return survivor;
        LinkedHashSet<String> both = new LinkedHashSet<>(survivor);
        both.addAll(other);
        return both.stream().filter(Objects::nonNull).limit(max).toList();
    }

    /** Tags are always the union. */
    public static List<String> union(List<String> survivor, List<String> other) {
        LinkedHashSet<String> all = new LinkedHashSet<>(survivor);
        all.addAll(other);
        return List.copyOf(all);
    }

    /** Custom field values, each picked like a field named {@code customFields.<key>}. */
    public Map<String, Object> custom(Map<String, Object> survivor, Map<String, Object> other) {
        Map<String, Object> custom = new LinkedHashMap<>(survivor);
        Set<String> keys = new LinkedHashSet<>(survivor.keySet());
        keys.addAll(other.keySet());
        keys.addAll(chosen.keySet().stream().filter(f -> f.startsWith(CUSTOM)).map(f -> f.substring(CUSTOM.length())).toList());
        for (String key : keys) {
            Object value = pick(CUSTOM + key, survivor.get(key), other.get(key));
            if (value == null) custom.remove(key);
            else custom.put(key, value);
        }
        return custom;
    }
}
