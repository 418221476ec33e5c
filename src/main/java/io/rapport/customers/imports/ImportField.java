package io.rapport.customers.imports;

import java.util.List;
import java.util.Locale;

/** A field a CSV column can go to; {@code aliases} are other common header names that match it automatically. */
public record ImportField(String key, String label, boolean required, List<String> aliases) {

    public ImportField(String key, String label, boolean required, String... aliases) {
        this(key, label, required, List.of(aliases));
    }

    /** Whether a column header names this field ("E-mail", "email", "First name", a custom field's label...). */
    boolean matches(String header) {
        String h = normalise(header);
        if (h.isEmpty()) return false;
        String bareKey = key.startsWith("custom.") ? key.substring(7) : key;
        return h.equals(normalise(key)) || h.equals(normalise(bareKey)) || h.equals(normalise(label))
                || aliases.stream().anyMatch(a -> h.equals(normalise(a)));
    }

    static String normalise(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }
}
