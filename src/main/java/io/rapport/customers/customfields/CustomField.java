package io.rapport.customers.customfields;

import java.util.List;

/** An admin-defined field: its key in the API and in {@code custom} jsonb, its type and, for selects, its options. */
public record CustomField(long id, EntityKind entity, String key, String label, Type type, List<String> options,
                          boolean required, int position, int version) {

    public enum Type { TEXT, NUMBER, DATE, SELECT, MULTI_SELECT, BOOLEAN }

    public static final int MAX_TEXT = 1000;
}
