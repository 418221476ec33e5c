package io.rapport.activities.timeline;

import io.rapport.platform.web.JsonFields;
import java.time.Instant;
import java.util.List;
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
        String type = in.oneOf("type", List.of("NOTE", "CALL", "MEETING", "EMAIL"));
        if (type == null && in.errors().stream().noneMatch(e -> e.field().equals("type"))) {
            in.error("type", "required: one of NOTE, CALL, MEETING, EMAIL");
        }
        d.kind = type == null ? null : Activity.Kind.valueOf(type);
        String channel = in.oneOf("channel", CHANNELS);
        d.channel = channel != null ? channel : (d.kind == null ? null : d.kind.defaultChannel);
        Instant at = in.instant("occurredAt");
        if (at != null) d.occurredAt = at;
        d.contactId = in.id("contactId");
        d.accountId = in.id("accountId");
        if (d.contactId == null && d.accountId == null) in.error("contactId", "a contactId or an accountId is required");
        d.subject = in.text("subject", 300);
        d.body = in.text("body", 20_000);
        d.direction = in.oneOf("direction", List.of("INBOUND", "OUTBOUND"));
        d.durationSeconds = in.integer("durationSeconds");
        if (d.durationSeconds != null && (d.durationSeconds < 0 || d.durationSeconds > 86_400)) {
            in.error("durationSeconds", "between 0 and 86400");
        }
        d.outcome = in.text("outcome", 100);
        d.endsAt = in.instant("endsAt");
        if (d.endsAt != null && d.endsAt.isBefore(d.occurredAt)) in.error("endsAt", "must not be before occurredAt");
        d.location = in.text("location", 300);
        d.attendees = in.strings("attendees", 100, 254);
        d.journeyStage = in.oneOf("journeyStage", List.of("AWARENESS", "CONSIDERATION", "PURCHASE", "RETENTION", "ADVOCACY"));
        d.sentiment = in.oneOf("sentiment", List.of("POSITIVE", "NEUTRAL", "NEGATIVE"));
        if (d.kind == Activity.Kind.NOTE && d.body == null && d.subject == null) in.error("body", "a note needs some text");
        return d;
    }

}
