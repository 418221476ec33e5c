package io.rapport.activities.timeline;

import io.rapport.platform.web.JsonFields;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A note, call, meeting or e-mail being logged, read from the API's JSON (or a page form turned into it). */
final class ActivityDraft {

    static final Set<String> FIELDS = Set.of("type", "channel", "occurredAt", "contactId", "accountId", "subject", "body",
            "direction", "durationSeconds", "outcome", "endsAt", "location", "attendees", "journeyStage", "sentiment");
    static final List<String> CHANNELS = List.of("NOTE", "PHONE", "MEETING", "EMAIL", "CHAT", "SOCIAL", "WEB", "OTHER");

    Activity.Kind kind;
    String channel;
    Instant occurredAt = Instant.now();
    Long contactId;
    Long accountId;
    String subject;
    String body;
    String direction;
    Integer durationSeconds;
    String outcome;
    Instant endsAt;
    String location;
    List<String> attendees = List.of();
    String journeyStage;
    String sentiment;

    static ActivityDraft from(JsonFields in) {
        ActivityDraft d = new ActivityDraft();
        d.kind = oneOf(in, "type", List.of("NOTE", "CALL", "MEETING", "EMAIL"), true) instanceof String k ? Activity.Kind.valueOf(k) : null;
        d.channel = oneOf(in, "channel", CHANNELS, false) instanceof String c ? c : (d.kind == null ? null : d.kind.defaultChannel);
        Instant at = instant(in, "occurredAt");
        if (at != null) d.occurredAt = at;
        d.contactId = in.id("contactId");
        d.accountId = in.id("accountId");
        if (d.contactId == null && d.accountId == null) in.error("contactId", "a contactId or an accountId is required");
        d.subject = in.text("subject", 300);
        d.body = in.text("body", 20_000);
        d.direction = oneOf(in, "direction", List.of("INBOUND", "OUTBOUND"), false) instanceof String v ? v : null;
        d.durationSeconds = in.integer("durationSeconds");
        if (d.durationSeconds != null && (d.durationSeconds < 0 || d.durationSeconds > 86_400)) {
            in.error("durationSeconds", "between 0 and 86400");
        }
        d.outcome = in.text("outcome", 100);
        d.endsAt = instant(in, "endsAt");
        if (d.endsAt != null && d.endsAt.isBefore(d.occurredAt)) in.error("endsAt", "must not be before occurredAt");
        d.location = in.text("location", 300);
        d.attendees = in.strings("attendees", 100, 254);
        d.journeyStage = oneOf(in, "journeyStage", List.of("AWARENESS", "CONSIDERATION", "PURCHASE", "RETENTION", "ADVOCACY"), false)
                instanceof String s ? s : null;
        d.sentiment = oneOf(in, "sentiment", List.of("POSITIVE", "NEUTRAL", "NEGATIVE"), false) instanceof String s ? s : null;
        if (d.kind == Activity.Kind.NOTE && d.body == null && d.subject == null) in.error("body", "a note needs some text");
        return d;
    }

    private static Object oneOf(JsonFields in, String field, List<String> allowed, boolean required) {
        String raw = in.text(field, 40);
        if (raw == null) {
            if (required && !in.errors().stream().anyMatch(e -> e.field().equals(field))) in.error(field, "required: one of " + allowed);
            return null;
        }
        String value = raw.toUpperCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            in.error(field, "one of " + allowed);
            return null;
        }
        return value;
    }

    private static Instant instant(JsonFields in, String field) {
        String raw = in.text(field, 40);
        if (raw == null) return null;
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            in.error(field, "an ISO-8601 instant such as 2026-11-23T14:30:00Z");
            return null;
        }
    }

}
