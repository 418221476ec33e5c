package io.rapport.platform.web;

import io.rapport.platform.web.ApiProblem.FieldError;
import java.util.LinkedHashMap;
import java.util.Map;

/** A problem's field errors keyed by field, for showing each message next to its input on a page. */
public final class FormErrors {

    private FormErrors() {}

    public static Map<String, String> of(ApiProblem problem) {
        Map<String, String> byField = new LinkedHashMap<>();
        for (FieldError error : problem.errors()) {
            byField.merge(error.field(), error.message(), (a, b) -> a + "; " + b);
        }
        if (byField.isEmpty()) byField.put("form", problem.getMessage());
        return byField;
    }

    /** A form that had no problem. */
    public static Map<String, String> none() {
        return Map.of();
    }
}
