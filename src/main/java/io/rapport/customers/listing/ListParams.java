package io.rapport.customers.listing;

import io.rapport.platform.web.Problems;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.util.MultiValueMap;

/** Reads list filters out of a request's query parameters: the {@code cf.<key>=value} custom-field ones and typed values. */
public final class ListParams {

    private ListParams() {}

    public static Map<String, String> customFilters(MultiValueMap<String, String> params) {
        Map<String, String> custom = new LinkedHashMap<>();
        params.forEach((name, values) -> {
            if (name.startsWith("cf.") && name.length() > 3 && !values.isEmpty()) {
                custom.put(name.substring(3), values.getFirst());
            }
        });
        return custom;
    }

    /**
     * The parameters of a list page's form: there an empty custom-field input means "any value", whereas the API
     * reads {@code cf.<key>=} as "has no value". So the page drops the empty ones before reading the filter.
     */
    public static MultiValueMap<String, String> pageForm(MultiValueMap<String, String> params) {
        MultiValueMap<String, String> kept = new org.springframework.util.LinkedMultiValueMap<>();
        params.forEach((name, values) -> {
            if (!name.startsWith("cf.") || values.stream().anyMatch(v -> v != null && !v.isBlank())) kept.put(name, values);
        });
        return kept;
    }

    /** {@code true}/{@code false} (also on/off, yes/no, 1/0, as Spring reads them), or null when absent or blank. */
    public static Boolean bool(Map<String, String> params, String name) {
        String v = params.get(name);
        if (v == null || v.isBlank()) return null;
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default -> throw Problems.invalid(name, "'" + v + "' is not true or false");
        };
    }

    /** A whole number, or null when absent or blank; anything else is a 400 naming the parameter. */
    public static Integer integer(Map<String, String> params, String name) {
        String v = params.get(name);
        if (v == null || v.isBlank()) return null;
        try {
            return Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            throw Problems.invalid(name, "'" + v + "' is not a whole number");
        }
    }
}
