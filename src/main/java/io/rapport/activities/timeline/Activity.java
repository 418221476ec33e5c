package io.rapport.activities.timeline;

import java.time.Instant;
import java.util.List;

/** One entry of a timeline. */
public record Activity(long id, Kind type, String channel, Instant occurredAt, Long authorId, String authorName,
                       Long contactId, Long accountId, String subject, String body, String direction,
                       Integer durationSeconds, String outcome, Instant endsAt, String location, List<String> attendees,
                       String journeyStage, String sentiment, String source, Instant createdAt, Instant updatedAt,
                       int version) {

    /** The author, a manager or an administrator may change or delete an entry; touchpoints belong to their module. */
    public boolean editableBy(io.rapport.platform.security.CurrentUser user) {
        if (type == Kind.TOUCHPOINT || !user.role().canWrite()) return false;
        return user.isAdmin() || user.role() == io.rapport.platform.security.Role.MANAGER
                || (authorId != null && authorId == user.id());
    }

    /** Direction, duration, outcome and place on one line, for display. */
    public String details() {
        return java.util.stream.Stream.of(direction == null ? null : direction.toLowerCase(),
                        durationSeconds == null ? null : (durationSeconds / 60) + " min", outcome, location)
                .filter(java.util.Objects::nonNull).filter(s -> !s.isBlank()).collect(java.util.stream.Collectors.joining(" · "));
    }

    /** What was done; touchpoints come from other modules. */
    public enum Kind {
        NOTE("NOTE"), CALL("PHONE"), MEETING("MEETING"), EMAIL("EMAIL"), TOUCHPOINT("OTHER");

        final String defaultChannel;

        Kind(String defaultChannel) {
            this.defaultChannel = defaultChannel;
        }
    }
}
