package io.rapport.activities.timeline;

import io.rapport.platform.web.JsonFields;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A note, call, meeting or e-mail being logged or edited, read from the API's JSON (or a page form turned into it).
 * Logging starts empty; editing starts from the stored entry and takes only the fields present.
 */
final class ActivityDraft {

    static final Set<String> FIELDS = Set.of("type", "channel", "occurredAt", "contactId", "accountId", "subject", "body",
            "direction", "durationSeconds", "outcome", "endsAt", "location", "attendees", "journeyStage", "sentiment");
    /** An edit may send a GET body back: its read-only fields are accepted and ignored. */
    static final Set<String> EDIT_FIELDS = union(FIELDS, Set.of("version", "id", "authorId", "authorName", "source",
            "createdAt", "updatedAt"));
    static final List<String> TYPES = List.of("NOTE", "CALL", "MEETING", "EMAIL");
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
    Integer version;

    static ActivityDraft from(JsonFields in) {
        ActivityDraft d = new ActivityDraft();
        d.apply(in, true);
        return d;
    }

    static ActivityDraft of(Activity a) {
        ActivityDraft d = new ActivityDraft();
        d.kind = a.type();
        d.channel = a.channel();
        d.occurredAt = a.occurredAt();
        d.contactId = a.contactId();
        d.accountId = a.accountId();
        d.subject = a.subject();
        d.body = a.body();
        d.direction = a.direction();
        d.durationSeconds = a.durationSeconds();
        d.outcome = a.outcome();
        d.endsAt = a.endsAt();
        d.location = a.location();
        d.attendees = a.attendees();
        d.journeyStage = a.journeyStage();
        d.sentiment = a.sentiment();
        return d;
    }

    /** Takes the fields present in {@code in} (all of them when creating), then checks the entry as a whole. */
    void apply(JsonFields in, boolean creating) {
        if (creating || in.has("type")) {
            Activity.Kind before = kind;
            String type = in.oneOf("type", TYPES);
            if (type == null && in.errors().stream().noneMatch(e -> e.field().equals("type"))) {
                in.error("type", "required: one of NOTE, CALL, MEETING, EMAIL");
            }
            kind = type == null ? before : Activity.Kind.valueOf(type);
            // a channel that only followed the old type follows the new one
            if (before != null && kind != null && before.defaultChannel.equals(channel)) channel = kind.defaultChannel;
        }
        if (in.has("channel")) {
            String given = in.oneOf("channel", CHANNELS);
            if (given != null) channel = given;
        }
        if (channel == null && kind != null) channel = kind.defaultChannel;
        if (in.has("occurredAt")) {
            Instant at = in.instant("occurredAt");
            if (at != null) occurredAt = at;
            else if (!creating && in.node("occurredAt").isNull()) in.error("occurredAt", "required");
        }
        if (creating) {
            contactId = in.id("contactId");
            accountId = in.id("accountId");
            if (contactId == null && accountId == null) in.error("contactId", "a contactId or an accountId is required");
        } else {
            // the same ids (a GET body sent back) are fine; another record is not
            if (in.has("contactId") && !java.util.Objects.equals(in.id("contactId"), contactId)) {
                in.error("contactId", "an entry stays on the record it was logged on");
            }
            if (in.has("accountId") && !java.util.Objects.equals(in.id("accountId"), accountId)) {
                in.error("accountId", "an entry stays on the record it was logged on");
            }
        }
        if (in.has("subject")) subject = in.text("subject", 300);
        if (in.has("body")) body = in.text("body", 20_000);
        if (in.has("direction")) direction = in.oneOf("direction", List.of("INBOUND", "OUTBOUND"));
        if (in.has("durationSeconds")) {
            durationSeconds = in.integer("durationSeconds");
            if (durationSeconds != null && (durationSeconds < 0 || durationSeconds > 86_400)) {
                in.error("durationSeconds", "between 0 and 86400");
            }
        }
        if (in.has("outcome")) outcome = in.text("outcome", 100);
        if (in.has("endsAt")) endsAt = in.instant("endsAt");
        if (in.has("location")) location = in.text("location", 300);
        if (in.has("attendees")) attendees = in.strings("attendees", 100, 254);
        if (in.has("journeyStage")) {
            journeyStage = in.oneOf("journeyStage", List.of("AWARENESS", "CONSIDERATION", "PURCHASE", "RETENTION", "ADVOCACY"));
        }
        if (in.has("sentiment")) sentiment = in.oneOf("sentiment", List.of("POSITIVE", "NEUTRAL", "NEGATIVE"));
        if (!creating && in.has("version")) version = in.integer("version");
        if (endsAt != null && endsAt.isBefore(occurredAt)) in.error("endsAt", "must not be before occurredAt");
        if (kind == Activity.Kind.NOTE && body == null && subject == null) in.error("body", "a note needs some text");
    }

    /** The fields an audit entry compares. */
    Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", kind == null ? null : kind.name());
        m.put("channel", channel);
        m.put("occurredAt", occurredAt == null ? null : occurredAt.toString());
        m.put("subject", subject);
        m.put("body", body);
        m.put("direction", direction);
        m.put("durationSeconds", durationSeconds);
        m.put("outcome", outcome);
        m.put("endsAt", endsAt == null ? null : endsAt.toString());
        m.put("location", location);
        m.put("attendees", String.join(", ", attendees));
        m.put("journeyStage", journeyStage);
        m.put("sentiment", sentiment);
        return m;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
