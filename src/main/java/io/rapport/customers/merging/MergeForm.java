package io.rapport.customers.merging;

import io.rapport.customers.customfields.CustomField;
import io.rapport.customers.customfields.CustomFieldForm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The compare &amp; merge page of two records of type {@code R}: one row per field with both values and the
 * preselected side (what the merge does by default), and the posted form turned into the API's request body.
 */
public final class MergeForm<R> {

    /** One line of the comparison: the field as named in the API, both values as shown, and the preselected side. */
    public record Row(String field, String label, String mine, String theirs, String choice, boolean allowsBoth) {
        public boolean same() {
            return Objects.equals(mine, theirs);
        }
    }

    private final R survivor;
    private final R other;
    private final Map<String, String> chosen;
    private final Set<String> lists;
    private final List<Row> rows = new ArrayList<>();

    public MergeForm(R survivor, R other, Map<String, String> chosen, Set<String> lists) {
        this.survivor = survivor;
        this.other = other;
        this.chosen = chosen;
        this.lists = lists;
    }

    /** Adds a row; preselects the survivor's value, or the other's where the survivor has none ("both" for lists). */
    public MergeForm<R> row(String field, String label, Function<R, String> value) {
        String mine = blankToNull(value.apply(survivor));
        String theirs = blankToNull(value.apply(other));
        boolean list = lists.contains(field);
        String fallback = list ? "both" : mine == null && theirs != null ? "other" : "survivor";
        rows.add(new Row(field, label, mine, theirs, chosen.getOrDefault("f." + field, fallback), list));
        return this;
    }

    public MergeForm<R> customFields(List<CustomField> defs, Function<R, Map<String, Object>> values) {
        for (CustomField f : defs) {
            row("customFields." + f.key(), f.label(), r -> CustomFieldForm.display(values.apply(r).get(f.key())));
        }
        return this;
    }

    public List<Row> rows() {
        return rows;
    }

    /** The posted form ({@code otherId}, versions, {@code f.<field>} radios) as the merge API's request body. */
    public static ObjectNode body(JsonMapper json, MultiValueMap<String, String> params) {
        ObjectNode body = json.createObjectNode();
        ObjectNode fields = body.putObject("fields");
        params.forEach((name, values) -> {
            if (name.startsWith("f.") && !values.isEmpty()) fields.put(name.substring(2), values.getFirst());
        });
        body.put("otherId", parseLong(params.getFirst("otherId")));
        body.put("version", parseLong(params.getFirst("version")));
        body.put("otherVersion", parseLong(params.getFirst("otherVersion")));
        return body;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Long parseLong(String s) {
        try {
            return s == null ? null : Long.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
