package io.rapport.customers.listing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.util.MultiValueMap;

/** Picks the {@code cf.<key>=value} custom-field filters out of a request's query parameters. */
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
}
