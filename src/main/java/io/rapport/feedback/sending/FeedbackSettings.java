package io.rapport.feedback.sending;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.JsonFields;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** The module's settings: the survey throttle and the relationship NPS cadence (admins change them). */
@Component
public class FeedbackSettings {

    public record Values(int throttleDays, int relationshipIntervalDays, int relationshipBatch) {}

    private final JdbcClient jdbc;

    FeedbackSettings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Values current() {
        return jdbc.sql("select throttle_days, relationship_interval_days, relationship_batch from feedback_settings")
                .query((rs, n) -> new Values(rs.getInt(1), rs.getInt(2), rs.getInt(3))).single();
    }

    public Values update(CurrentUser user, JsonNode body) {
        RecordVisibility.requireAdmin(user);
        JsonFields in = new JsonFields(body, Set.of("throttleDays", "relationshipIntervalDays", "relationshipBatch"));
        Values c = current();
        Integer t = in.has("throttleDays") ? in.integer("throttleDays") : c.throttleDays();
        Integer r = in.has("relationshipIntervalDays") ? in.integer("relationshipIntervalDays") : c.relationshipIntervalDays();
        Integer b = in.has("relationshipBatch") ? in.integer("relationshipBatch") : c.relationshipBatch();
        if (t != null && (t < 0 || t > 3650)) in.error("throttleDays", "between 0 and 3650");
        if (r != null && (r < 1 || r > 3650)) in.error("relationshipIntervalDays", "between 1 and 3650");
        if (b != null && (b < 1 || b > 10000)) in.error("relationshipBatch", "between 1 and 10000");
        for (var e : Map.of("throttleDays", t == null ? -1 : t, "relationshipIntervalDays", r == null ? -1 : r,
                "relationshipBatch", b == null ? -1 : b).entrySet()) {
            if (e.getValue() == -1 && in.errors().stream().noneMatch(x -> x.field().equals(e.getKey()))) in.error(e.getKey(), "required");
        }
        in.throwIfInvalid();
        set(t, r, b);
        return current();
    }

    public void set(int throttleDays, int relationshipIntervalDays, int relationshipBatch) {
        jdbc.sql("update feedback_settings set throttle_days = :t, relationship_interval_days = :r, relationship_batch = :b")
                .param("t", throttleDays).param("r", relationshipIntervalDays).param("b", relationshipBatch).update();
    }
}
