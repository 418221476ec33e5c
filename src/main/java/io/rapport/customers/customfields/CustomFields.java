package io.rapport.customers.customfields;

import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.audit.FieldChange;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.ApiProblem.FieldError;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** Defines custom fields and checks values written to them. */
@Service
public class CustomFields {

    public record Definition(EntityKind entity, String key, String label, CustomField.Type type, List<String> options,
                             Boolean required, Integer position) {}

    /**
     * Published in the removing transaction when a field is removed, so the module storing an entity's values
     * outside customers (TICKET: the service desk) drops them too.
     */
    public record Removed(EntityKind entity, String key) {}

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final org.springframework.context.ApplicationEventPublisher events;

    CustomFields(JdbcClient jdbc, AuditLog audit, org.springframework.context.ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.events = events;
    }

    public List<CustomField> of(EntityKind entity) {
        return jdbc.sql("select * from custom_fields where entity = :entity order by position, id")
                .param("entity", entity.name()).query((rs, n) -> map(rs)).list();
    }

    /** The keys of an entity's custom fields. */
    public java.util.Set<String> keys(EntityKind entity) {
        return of(entity).stream().map(CustomField::key).collect(java.util.stream.Collectors.toSet());
    }

    public List<CustomField> all() {
        return jdbc.sql("select * from custom_fields order by entity, position, id").query((rs, n) -> map(rs)).list();
    }

    public Optional<CustomField> find(long id) {
        return jdbc.sql("select * from custom_fields where id = :id").param("id", id).query((rs, n) -> map(rs)).optional();
    }

    @Transactional
    public CustomField define(CurrentUser actor, Definition d) {
        RecordVisibility.requireAdmin(actor);
        List<FieldError> errors = new ArrayList<>();
        if (d.entity() == null) errors.add(new FieldError("entity", "required: CONTACT, ACCOUNT or TICKET"));
        if (d.key() == null || !d.key().matches("^[a-z][a-z0-9_]{0,39}$")) {
            errors.add(new FieldError("key", "lower-case letters, digits and _, starting with a letter, at most 40"));
        }
        if (d.label() == null || d.label().isBlank() || d.label().length() > 100) errors.add(new FieldError("label", "1 to 100 characters"));
        if (d.type() == null) errors.add(new FieldError("type", "required"));
        List<String> options = cleanOptions(d.type(), d.options(), errors);
        if (errors.isEmpty() && jdbc.sql("select count(*) from custom_fields where entity = :e and key = :k")
                .param("e", d.entity().name()).param("k", d.key()).query(Long.class).single() > 0) {
            errors.add(new FieldError("key", "already defined for " + d.entity()));
        }
        if (!errors.isEmpty()) throw Problems.invalid(errors);
        long id = jdbc.sql("""
                insert into custom_fields (entity, key, label, type, options, required, position)
                values (:entity, :key, :label, :type, :options, :required, :position) returning id""")
                .param("entity", d.entity().name()).param("key", d.key()).param("label", d.label().trim())
                .param("type", d.type().name()).param("options", options.toArray(String[]::new))
                .param("required", Boolean.TRUE.equals(d.required())).param("position", d.position() == null ? 0 : d.position())
                .query(Long.class).single();
        audit.record("CREATE", "CUSTOM_FIELD", id, "Defined " + d.entity() + " field " + d.key(),
                Map.of("key", new FieldChange(null, d.key()), "type", new FieldChange(null, d.type().name())));
        return find(id).orElseThrow();
    }

    /** Label, options, required and position may change; key, entity and type may not (stored values depend on them). */
    @Transactional
    public CustomField change(CurrentUser actor, long id, String label, List<String> options, Boolean required, Integer position,
                              Integer version) {
        RecordVisibility.requireAdmin(actor);
        CustomField current = find(id).orElseThrow(() -> Problems.notFound("Custom field", id));
        if (version == null) throw Problems.versionRequired();
        if (version != current.version()) throw Problems.staleVersion("Custom field", id, version, current.version());
        List<FieldError> errors = new ArrayList<>();
        String newLabel = label == null ? current.label() : label.trim();
        if (newLabel.isEmpty() || newLabel.length() > 100) errors.add(new FieldError("label", "1 to 100 characters"));
        List<String> newOptions = options == null ? current.options() : cleanOptions(current.type(), options, errors);
        if (!errors.isEmpty()) throw Problems.invalid(errors);
        jdbc.sql("""
                update custom_fields set label = :label, options = :options, required = :required, position = :position,
                       updated_at = now(), version = version + 1 where id = :id and version = :version""")
                .param("label", newLabel).param("options", newOptions.toArray(String[]::new))
                .param("required", required == null ? current.required() : required)
                .param("position", position == null ? current.position() : position).param("id", id).param("version", version)
                .update();
        audit.record("UPDATE", "CUSTOM_FIELD", id, "Changed field " + current.key(),
                FieldChange.between(Map.of("label", current.label(), "options", current.options()),
                        Map.of("label", newLabel, "options", newOptions)));
        return find(id).orElseThrow();
    }

    /** Removes the definition and the stored values, so no record keeps an orphaned key. */
    @Transactional
    public void remove(CurrentUser actor, long id) {
        RecordVisibility.requireAdmin(actor);
        CustomField field = find(id).orElseThrow(() -> Problems.notFound("Custom field", id));
        if (field.entity() != EntityKind.TICKET) {
            String table = field.entity() == EntityKind.CONTACT ? "contacts" : "accounts";
            jdbc.sql("update " + table + " set custom = custom - :key where jsonb_exists(custom, :key)").param("key", field.key()).update();
        }
        jdbc.sql("delete from custom_fields where id = :id").param("id", id).update();
        events.publishEvent(new Removed(field.entity(), field.key()));
        audit.record("DELETE", "CUSTOM_FIELD", id, "Removed " + field.entity() + " field " + field.key(), Map.of());
    }

    /**
     * Applies a JSON object of custom values over the current ones: each key must be defined, each value
     * must fit its type; null removes a value. Required fields must end up with a value.
     */
    public Map<String, Object> apply(EntityKind entity, Map<String, Object> current, JsonNode values, String prefix,
                                     List<FieldError> errors) {
        Map<String, CustomField> defs = new LinkedHashMap<>();
        of(entity).forEach(f -> defs.put(f.key(), f));
        Map<String, Object> result = new LinkedHashMap<>(current);
        if (values != null && !values.isNull()) {
            if (!values.isObject()) {
                errors.add(new FieldError(prefix, "expected an object of custom field values"));
                return result;
            }
            for (Iterator<String> it = values.propertyNames().iterator(); it.hasNext(); ) {
                String key = it.next();
                CustomField def = defs.get(key);
                JsonNode value = values.get(key);
                if (def == null) {
                    errors.add(new FieldError(prefix + "." + key, "no such custom field for " + entity.name().toLowerCase()));
                } else if (value.isNull() || (value.isString() && value.asString().isBlank())) {
                    result.remove(key);
                } else {
                    Object checked = check(def, value, prefix + "." + key, errors);
                    if (checked != null) result.put(key, checked);
                }
            }
        }
        defs.values().stream().filter(CustomField::required).filter(f -> !result.containsKey(f.key()))
                .forEach(f -> errors.add(new FieldError(prefix + "." + f.key(), "required")));
        return result;
    }

    /**
     * A value written as text (a CSV cell) checked like the API's JSON value: multi-select options are separated
     * by '|' or ';'. Returns null with an error when it does not fit the field's type.
     */
    public static Object fromText(CustomField def, String raw, String field, List<FieldError> errors) {
        JsonNode value;
        if (def.type() == CustomField.Type.MULTI_SELECT) {
            var array = tools.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            for (String option : raw.split("[|;]")) if (!option.isBlank()) array.add(option.strip());
            value = array;
        } else {
            value = tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(raw);
        }
        return check(def, value, field, errors);
    }

    private static Object check(CustomField def, JsonNode value, String field, List<FieldError> errors) {
        switch (def.type()) {
            case TEXT -> {
                if (!value.isString()) return fail(errors, field, "expected text");
                String text = value.asString().trim();
                if (text.indexOf('\u0000') >= 0) return fail(errors, field, JsonFields.NUL_MESSAGE);
                return text.length() > CustomField.MAX_TEXT ? fail(errors, field, "at most " + CustomField.MAX_TEXT + " characters") : text;
            }
            case NUMBER -> {
                if (value.isNumber()) return value.decimalValue();
                if (value.isString()) {
                    try {
                        return new BigDecimal(value.asString().trim());
                    } catch (NumberFormatException e) {
                        return fail(errors, field, "'" + value.asString() + "' is not a number");
                    }
                }
                return fail(errors, field, "expected a number");
            }
            case DATE -> {
                if (!value.isString()) return fail(errors, field, "expected a date as YYYY-MM-DD");
                try {
                    return LocalDate.parse(value.asString().trim()).toString();
                } catch (DateTimeParseException e) {
                    return fail(errors, field, "'" + value.asString() + "' is not a date (YYYY-MM-DD)");
                }
            }
            case BOOLEAN -> {
                if (value.isBoolean()) return value.asBoolean();
                if (value.isString() && value.asString().matches("(?i)true|false|on")) return !value.asString().equalsIgnoreCase("false");
                return fail(errors, field, "expected true or false");
            }
            case SELECT -> {
                if (!value.isString() || !def.options().contains(value.asString())) {
                    return fail(errors, field, "must be one of " + def.options());
                }
                return value.asString();
            }
            case MULTI_SELECT -> {
                if (!value.isArray()) return fail(errors, field, "expected an array of options from " + def.options());
                LinkedHashSet<String> picked = new LinkedHashSet<>();
                for (JsonNode item : value) {
                    if (!item.isString() || !def.options().contains(item.asString())) {
                        return fail(errors, field, "'" + item + "' is not one of " + def.options());
                    }
                    picked.add(item.asString());
                }
                return List.copyOf(picked);
            }
        }
        return null;
    }

    private static Object fail(List<FieldError> errors, String field, String message) {
        errors.add(new FieldError(field, message));
        return null;
    }

    private static List<String> cleanOptions(CustomField.Type type, List<String> options, List<FieldError> errors) {
        boolean needsOptions = type == CustomField.Type.SELECT || type == CustomField.Type.MULTI_SELECT;
        List<String> cleaned = options == null ? List.of()
                : options.stream().filter(o -> o != null && !o.isBlank()).map(String::trim).distinct().toList();
        if (needsOptions && cleaned.isEmpty()) errors.add(new FieldError("options", "a select field needs at least one option"));
        if (!needsOptions && !cleaned.isEmpty()) errors.add(new FieldError("options", "only select fields have options"));
        if (cleaned.size() > 100 || cleaned.stream().anyMatch(o -> o.length() > 100)) {
            errors.add(new FieldError("options", "at most 100 options of 100 characters"));
        }
        return cleaned;
    }

    private static CustomField map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new CustomField(rs.getLong("id"), EntityKind.valueOf(rs.getString("entity")), rs.getString("key"),
                rs.getString("label"), CustomField.Type.valueOf(rs.getString("type")),
                List.of((String[]) rs.getArray("options").getArray()), rs.getBoolean("required"), rs.getInt("position"),
                rs.getInt("version"));
    }
}
