package io.rapport.customers.listing;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Turns a submitted HTML form into the same JSON body the API takes, so pages and API share one validation. */
public final class PageForms {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PageForms() {}

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static void text(ObjectNode node, Map<String, String> form, String field) {
        String v = form.get(field);
        if (v == null || v.isBlank()) node.putNull(field);
        else node.put(field, v);
    }

    /** Comma- or line-separated values as a JSON array. */
    public static void list(ObjectNode node, Map<String, String> form, String field) {
        var array = node.putArray(field);
        split(form.get(field)).forEach(array::add);
    }

    public static List<String> split(String raw) {
        if (raw == null || raw.isBlank()) return List.of();
        return Arrays.stream(raw.split("[,\\n;]")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public static void id(ObjectNode node, Map<String, String> form, String field) {
        String v = form.get(field);
        if (v == null || v.isBlank()) {
            node.putNull(field);
        } else {
            try {
                node.put(field, Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                node.put(field, v);  // the shared validation reports it as "expected an id"
            }
        }
    }

    public static void version(ObjectNode node, Map<String, String> form) {
        String v = form.get("version");
        if (v != null && v.matches("\\d{1,9}")) node.put("version", Integer.parseInt(v));
    }

    /** The problem's field errors keyed by field, for showing next to the inputs ({@code _} holds a general message). */
    public static Map<String, String> errors(io.rapport.platform.web.ApiProblem problem) {
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        problem.errors().forEach(e -> errors.merge(e.field(), e.message(), (a, b) -> a + "; " + b));
        if (errors.isEmpty()) errors.put("_", problem.getMessage());
        return errors;
    }

    /** The submitted values to show again, keeping every value of multi-value custom fields. */
    public static Map<String, Object> resubmitted(org.springframework.util.MultiValueMap<String, String> params) {
        Map<String, Object> form = new java.util.HashMap<>(params.toSingleValueMap());
        params.forEach((k, v) -> { if (k.startsWith("cf.") && v.size() > 1) form.put(k, v); });
        return form;
    }
}
