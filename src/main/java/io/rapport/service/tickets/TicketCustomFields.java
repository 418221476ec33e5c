package io.rapport.service.tickets;

import io.rapport.customers.customfields.CustomField;
import io.rapport.customers.customfields.CustomFields;
import io.rapport.customers.customfields.EntityKind;
import io.rapport.platform.web.JsonFields;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Ticket custom fields: the definitions live with the other custom fields (customers' {@link CustomFields}, entity
 * TICKET, one admin page and API for all), the values in {@code tickets.custom}. Values are checked against the
 * definitions (type, options, length, required) whenever an agent or the API writes them; channel intake (mail, the
 * support form) cannot fill them and is not held to {@code required}.
 */
@Component
public class TicketCustomFields {

    private final CustomFields fields;
    private final JdbcClient jdbc;
    private final JsonMapper json;

    TicketCustomFields(CustomFields fields, JdbcClient jdbc, JsonMapper json) {
        this.fields = fields;
        this.jdbc = jdbc;
        this.json = json;
    }

    public List<CustomField> definitions() {
        return fields.of(EntityKind.TICKET);
    }

    public CustomField definition(String key) {
        return definitions().stream().filter(f -> f.key().equals(key)).findFirst().orElse(null);
    }

    /**
     * The ticket's values after applying {@code in.custom} over {@code current} (null on create); errors named
     * {@code custom.<key>} go to {@code in}. Returns null when there is nothing to store.
     */
    JsonNode apply(JsonNode current, JsonFields in) {
        JsonNode given = in.node("custom");
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                in.error("custom", "expected an object of custom field keys to values");
                return current;
            }
            if (given.toString().length() > 20_000) {
                in.error("custom", "at most 20000 characters of JSON");
                return current;
            }
        }
        Map<String, Object> stored = current == null || !current.isObject() ? new LinkedHashMap<>()
                : json.convertValue(current, json.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
        Map<String, Object> result = fields.apply(EntityKind.TICKET, stored, given, "custom", in.errors());
        if (current == null && result.isEmpty()) return null;
        return json.valueToTree(result);
    }

    /** Values a macro or rule sets, checked as the API checks them; errors named {@code prefix.<key>}. */
    public ObjectNode check(JsonNode values, String prefix, List<io.rapport.platform.web.ApiProblem.FieldError> errors) {
        if (values == null || values.isNull()) return null;
        if (!values.isObject()) {
            errors.add(new io.rapport.platform.web.ApiProblem.FieldError(prefix, "expected an object of custom field keys to values"));
            return null;
        }
        List<io.rapport.platform.web.ApiProblem.FieldError> all = new java.util.ArrayList<>();
        Map<String, Object> result = fields.apply(EntityKind.TICKET, new LinkedHashMap<>(), values, prefix, all);
        // a macro sets some fields; the ticket's other required fields are not its business
        all.stream().filter(e -> !e.message().equals("required") || values.has(e.field().substring(prefix.length() + 1)))
                .forEach(errors::add);
        ObjectNode out = json.createObjectNode();
        result.forEach((k, v) -> out.set(k, json.valueToTree(v)));
        values.propertyNames().forEach(k -> { if (values.get(k).isNull() || (values.get(k).isString() && values.get(k).asString().isBlank())) out.putNull(k); });
        return out;
    }

    /** Display text of a ticket's values, by field label, in definition order. */
    public Map<CustomField, String> display(JsonNode custom) {
        Map<CustomField, String> out = new LinkedHashMap<>();
        for (CustomField f : definitions()) {
            JsonNode v = custom == null ? null : custom.get(f.key());
            Object value = v == null || v.isNull() ? null : json.convertValue(v, Object.class);
            out.put(f, io.rapport.customers.customfields.CustomFieldForm.display(value));
        }
        return out;
    }

    /** A removed ticket field takes its stored values with it, in the removing transaction. */
    @EventListener
    void on(CustomFields.Removed removed) {
        if (removed.entity() != EntityKind.TICKET) return;
        jdbc.sql("update tickets set custom = custom - :key where jsonb_exists(custom, :key)").param("key", removed.key()).update();
    }
}
