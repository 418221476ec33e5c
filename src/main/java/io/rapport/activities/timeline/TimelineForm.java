package io.rapport.activities.timeline;

import java.util.Arrays;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The timeline's page form turned into the API's JSON, so pages and API share one validation. Logging leaves
 * blank fields out; editing sends them as null (the field was on the form and emptied, so it is cleared).
 */
final class TimelineForm {

    private static final String[] TEXTS = {"subject", "body", "direction", "outcome", "location"};

    private TimelineForm() {}

    static ObjectNode toJson(Map<String, String> form, boolean editing) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", form.getOrDefault("type", "NOTE"));
        for (String field : TEXTS) put(body, field, form.get(field), editing);
        String minutes = form.get("durationMinutes");
        if (minutes != null && !minutes.isBlank()) {
            try {
                body.put("durationSeconds", Math.multiplyExact(Integer.parseInt(minutes.trim()), 60));
            } catch (NumberFormatException | ArithmeticException e) {
                body.put("durationSeconds", minutes);  // reported by the shared validation
            }
        } else if (editing && form.containsKey("durationMinutes")) {
            body.putNull("durationSeconds");
        }
        FormTimes.put(body, "occurredAt", form.get("occurredAt"), false);
        FormTimes.put(body, "endsAt", form.get("endsAt"), editing && form.containsKey("endsAt"));
        String attendees = form.get("attendees");
        if (attendees != null && (editing || !attendees.isBlank())) {
            ArrayNode list = body.putArray("attendees");
            Arrays.stream(attendees.split("[,;\\n]")).map(String::trim).filter(s -> !s.isEmpty()).forEach(list::add);
        }
        if (editing && form.get("version") != null) {
            try {
                body.put("version", Integer.parseInt(form.get("version")));
            } catch (NumberFormatException e) {
                body.put("version", form.get("version"));
            }
        }
        return body;
    }

    private static void put(ObjectNode body, String field, String value, boolean editing) {
        if (value != null && !value.isBlank()) body.put(field, value);
        else if (editing && value != null) body.putNull(field);
    }
}
