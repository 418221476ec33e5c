package io.rapport.platform.web;

import io.rapport.platform.web.ApiProblem.FieldError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads a JSON object field by field, collecting every problem with the field's name, so one
 * response can tell a client all that is wrong. A field that is absent is left alone (PATCH);
 * an explicit {@code null} clears it.
 */
public final class JsonFields {

    /** PostgreSQL text cannot hold U+0000; refused here so the client learns which field it was. */
    public static final String NUL_MESSAGE = "must not contain the NUL character (U+0000)";

    private final JsonNode body;
    private final List<FieldError> errors = new ArrayList<>();

    public JsonFields(JsonNode body, Set<String> allowed) {
        if (body == null || !body.isObject()) {
            throw Problems.malformed("The body must be a JSON object");
        }
        this.body = body;
        for (Iterator<String> it = body.propertyNames().iterator(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                errors.add(new FieldError(name, "unknown field"));
            }
        }
    }

    public boolean has(String field) {
        return body.has(field);
    }

    public JsonNode node(String field) {
        return body.get(field);
    }

    public void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Trimmed text; blank becomes null. */
    public String text(String field, int maxLength) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isString()) {
            error(field, "expected a string");
            return null;
        }
        String value = n.asString().trim();
        if (value.indexOf('\u0000') >= 0) {
            error(field, NUL_MESSAGE);
            return null;
        }
        if (value.length() > maxLength) {
            error(field, "at most " + maxLength + " characters");
            return null;
        }
        return value.isEmpty() ? null : value;
    }

    /** An ISO-8601 instant such as 2026-11-23T14:30:00Z. */
    public java.time.Instant instant(String field) {
        String raw = text(field, 40);
        if (raw == null) return null;
        try {
            return java.time.Instant.parse(raw);
        } catch (java.time.format.DateTimeParseException e) {
            error(field, "an ISO-8601 instant such as 2026-11-23T14:30:00Z");
            return null;
        }
    }

    /** One of a fixed set of upper-case codes, accepted in any case; null when absent or invalid. */
    public String oneOf(String field, java.util.List<String> allowed) {
        String raw = text(field, 40);
        if (raw == null) return null;
        String value = raw.toUpperCase(java.util.Locale.ROOT);
        if (!allowed.contains(value)) {
            error(field, "one of " + allowed);
            return null;
        }
        return value;
    }

    public Boolean bool(String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isBoolean()) {
            error(field, "expected true or false");
            return null;
        }
        return n.asBoolean();
    }

    public Long id(String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isIntegralNumber() || n.asLong() < 1) {
            error(field, "expected a positive whole number id");
            return null;
        }
        return n.asLong();
    }

    public Integer integer(String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            error(field, "expected a whole number");
            return null;
        }
        return n.asInt();
    }

    /** A list of trimmed, non-blank strings; null clears to an empty list. */
    public List<String> strings(String field, int maxItems, int maxLength) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return List.of();
        if (!n.isArray()) {
            error(field, "expected an array of strings");
            return List.of();
        }
        if (n.size() > maxItems) {
            error(field, "at most " + maxItems + " items");
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode item = n.get(i);
            if (!item.isString()) {
                error(field + "[" + i + "]", "expected a string");
            } else if (item.asString().indexOf('\u0000') >= 0) {
                error(field + "[" + i + "]", NUL_MESSAGE);
            } else if (item.asString().trim().length() > maxLength) {
                error(field + "[" + i + "]", "at most " + maxLength + " characters");
            } else if (!item.asString().isBlank()) {
                values.add(item.asString().trim());
            }
        }
        return values;
    }

    /** A nested object, read with its own allowed fields; errors are prefixed with the parent's name. */
    public JsonFields object(String field, Set<String> allowed) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isObject()) {
            error(field, "expected an object");
            return null;
        }
        JsonFields nested = new JsonFields(n, allowed);
        return nested;
    }

    public void absorb(String prefix, JsonFields nested) {
        nested.errors.forEach(e -> errors.add(new FieldError(prefix + "." + e.field(), e.message())));
        nested.errors.clear();
    }

    public void throwIfInvalid() {
        if (!errors.isEmpty()) throw Problems.invalid(errors);
    }

}
