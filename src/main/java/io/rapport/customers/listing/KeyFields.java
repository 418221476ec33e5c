package io.rapport.customers.listing;

import io.rapport.platform.web.Problems;
import java.util.List;
import java.util.function.Predicate;

/**
 * The key fields of a kind of record, which make up its completeness score: each named as in the API, with the SQL
 * condition that holds when it is empty and the same test on a loaded record. The score is the share of filled key
 * fields, rounded down: the formula of the record's stored {@code completeness} column.
 */
public final class KeyFields<T> {

    /** One key field: its API name, "is empty" in SQL, and "is filled" in Java. */
    public record KeyField<T>(String name, String missingSql, Predicate<T> filled) {}

    private final List<KeyField<T>> fields;
    private final String completenessColumn;

    public KeyFields(String completenessColumn, List<KeyField<T>> fields) {
        this.fields = List.copyOf(fields);
        this.completenessColumn = completenessColumn;
    }

    public List<String> names() {
        return fields.stream().map(KeyField::name).toList();
    }

    /** The key fields {@code record} lacks, in display order. */
    public List<String> missing(T record) {
        return fields.stream().filter(f -> !f.filled().test(record)).map(KeyField::name).toList();
    }

    public int percent(T record) {
        return (fields.size() - missing(record).size()) * 100 / fields.size();
    }

    /** {@code missing=email,phone} (each must be empty) and {@code completenessBelow=50}; unknown names are a 400. */
    public void filter(ListQuery query, String missing, Integer completenessBelow) {
        if (missing != null && !missing.isBlank()) {
            for (String name : missing.split(",")) {
                KeyField<T> field = fields.stream().filter(f -> f.name().equals(name.trim())).findFirst()
                        .orElseThrow(() -> Problems.invalid("missing", "'" + name.trim() + "' is not one of " + names()));
                query.and(field.missingSql());
            }
        }
        if (completenessBelow != null) {
            if (completenessBelow < 0 || completenessBelow > 101) throw Problems.invalid("completenessBelow", "0 to 101");
            query.and(completenessColumn + " < ?", completenessBelow);
        }
    }
}
