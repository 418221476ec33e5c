package io.rapport.customers.imports;

/**
 * A setting of one import run beyond the column mapping. A {@code flag} is a checkbox ("true"/"false"); otherwise
 * free text of at most 100 characters that the target checks with {@code check} (null: fine, else the problem).
 */
public record ImportOption(String key, String label, String help, boolean flag, String defaultValue,
                           java.util.function.Function<String, String> check) {

    public static ImportOption flag(String key, String label, String help) {
        return new ImportOption(key, label, help, true, "false", v -> null);
    }

    public static ImportOption text(String key, String label, String help, String defaultValue,
                                    java.util.function.Function<String, String> check) {
        return new ImportOption(key, label, help, false, defaultValue, check);
    }
}
