package io.rapport.customers.imports;

import io.rapport.customers.customfields.CustomField;
import io.rapport.customers.customfields.CustomFields;
import io.rapport.platform.web.ApiProblem.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** The custom fields of one entity, read from a row's "custom.key" columns into the jsonb the record stores. */
final class CustomValues {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final List<CustomField> defs;

    CustomValues(List<CustomField> defs) {
        this.defs = defs;
    }

    static List<ImportField> fields(List<CustomField> defs) {
        return defs.stream().map(f -> new ImportField("custom." + f.key(), f.label(), f.required())).toList();
    }

    /** The jsonb text of the row's custom values (null when none); problems go on the row. */
    String read(ImportRow row) {
        Map<String, Object> values = null;
        for (CustomField def : defs) {
            String field = "custom." + def.key();
            String raw = row.text(field, CustomField.MAX_TEXT);
            if (raw == null) {
                if (def.required() && !row.rejected()) row.reject(field, "required");
                continue;
            }
            List<FieldError> errors = new ArrayList<>(1);
            Object value = CustomFields.fromText(def, raw, field, errors);
            if (!errors.isEmpty()) row.reject(field, errors.getFirst().message());
            else {
                if (values == null) values = new LinkedHashMap<>();
                values.put(def.key(), value);
            }
        }
        return values == null ? null : JSON.writeValueAsString(values);
    }
}
