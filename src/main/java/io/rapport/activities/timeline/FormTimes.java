package io.rapport.activities.timeline;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.node.ObjectNode;

/** Page forms' {@code datetime-local} values (the server's zone) to and from the API's instants. */
public final class FormTimes {

    private FormTimes() {}

    /** Puts the instant a form value means; what does not parse is passed on for the API's validation to name. */
    public static void put(ObjectNode body, String field, String value, boolean clearWhenBlank) {
        if (value == null || value.isBlank()) {
            if (clearWhenBlank) body.putNull(field);
            return;
        }
        try {
            body.put(field, LocalDateTime.parse(value).atZone(ZoneId.systemDefault()).toInstant().toString());
        } catch (DateTimeParseException e) {
            body.put(field, value);
        }
    }

    /** An instant as a form shows it. */
    public static String local(Instant at) {
        return at == null ? "" : LocalDateTime.ofInstant(at, ZoneId.systemDefault()).withSecond(0).withNano(0).toString();
    }
}
