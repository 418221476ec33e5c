package io.rapport.customers.listing;

import io.rapport.customers.customfields.CustomField;
import io.rapport.customers.customfields.CustomFieldForm;
import io.rapport.platform.web.Problems;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A column a user can choose for a list page; {@code sort} names the API sort key, if the column is sortable. */
public record Column<T>(String key, String label, String sort, Function<T, Cell> cell) {

    /** The column of a custom field: its value as the record page shows it, an empty cell when there is none. */
    public static <T> Column<T> customField(CustomField field, Function<T, Map<String, Object>> values) {
        return new Column<>("cf." + field.key(), field.label(), null, row -> {
            Object value = values.apply(row).get(field.key());
            return Cell.text(value == null ? "" : CustomFieldForm.display(value));
        });
    }

    /** The columns a list page shows: its {@code cols} choice in table order, else the defaults; unknown keys are skipped. */
    public static <T> List<Column<T>> chosen(List<Column<T>> all, List<String> cols, List<String> defaults) {
        List<String> keys = cols == null ? defaults : cols;
        return all.stream().filter(c -> keys.contains(c.key())).toList();
    }

    /** The API's {@code columns=name,email,cf.region}, in the order given; an unknown key is a 400 listing the known ones. */
    public static <T> List<Column<T>> parse(List<Column<T>> all, String columns, List<String> defaults) {
        if (columns == null || columns.isBlank()) return chosen(all, null, defaults);
        return Arrays.stream(columns.split(",")).map(String::trim).filter(k -> !k.isEmpty()).distinct()
                .map(k -> all.stream().filter(c -> c.key().equals(k)).findFirst()
                        .orElseThrow(() -> Problems.invalid("columns", "'" + k + "' is not one of "
                                + all.stream().map(Column::key).toList())))
                .toList();
    }
}
