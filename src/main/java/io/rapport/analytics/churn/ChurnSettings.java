package io.rapport.analytics.churn;

import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** Reads and (administrators only) changes the churn definition. */
@Service
public class ChurnSettings {

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final ChurnSpells spells;

    ChurnSettings(JdbcClient jdbc, AuditLog audit, ChurnSpells spells) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.spells = spells;
    }

    public ChurnDefinition current() {
        return jdbc.sql("select definition, inactivity_days, p_alive_threshold, risk_window_days, updated_at from churn_settings")
                .query((rs, n) -> new ChurnDefinition(ChurnDefinition.Kind.valueOf(rs.getString(1)), rs.getInt(2), rs.getDouble(3),
                        rs.getInt(4), rs.getTimestamp(5).toInstant()))
                .single();
    }

    /** Partial update: any of definition, inactivityDays, pAliveThreshold, riskWindowDays. */
    @Transactional
    public ChurnDefinition update(CurrentUser user, JsonNode body) {
        RecordVisibility.requireAdmin(user);
        if (body == null || !body.isObject()) throw Problems.malformed("Send a JSON object");
        ChurnDefinition c = current();
        List<io.rapport.platform.web.ApiProblem.FieldError> errors = new ArrayList<>();
        ChurnDefinition.Kind kind = c.kind();
        int days = c.inactivityDays();
        double threshold = c.pAliveThreshold();
        int window = c.riskWindowDays();
        for (var it = body.propertyNames().iterator(); it.hasNext(); ) {
            String f = it.next();
            JsonNode v = body.get(f);
            switch (f) {
                case "definition" -> {
                    try {
                        kind = ChurnDefinition.Kind.valueOf(v.asString().trim().toUpperCase(Locale.ROOT));
                    } catch (RuntimeException e) {
                        errors.add(new ApiProblem.FieldError("definition", "one of INACTIVITY, P_ALIVE, EVENT"));
                    }
                }
                case "inactivityDays" -> {
                    if (!v.isIntegralNumber() || v.asLong() < 7 || v.asLong() > 3650) errors.add(new ApiProblem.FieldError(f, "a whole number of days from 7 to 3650"));
                    else days = v.asInt();
                }
                case "riskWindowDays" -> {
                    if (!v.isIntegralNumber() || v.asLong() < 7 || v.asLong() > 730) errors.add(new ApiProblem.FieldError(f, "a whole number of days from 7 to 730"));
                    else window = v.asInt();
                }
                case "pAliveThreshold" -> {
                    if (!v.isNumber() || !(v.asDouble() > 0 && v.asDouble() < 1)) errors.add(new ApiProblem.FieldError(f, "a number between 0 and 1 (exclusive)"));
                    else threshold = v.asDouble();
                }
                default -> errors.add(new ApiProblem.FieldError(f, "unknown field"));
            }
        }
        if (!errors.isEmpty()) throw Problems.invalid(errors);
        jdbc.sql("""
                        update churn_settings set definition = :k, inactivity_days = :d, p_alive_threshold = :p, risk_window_days = :w,
                               updated_by = :u, updated_at = now()""")
                .param("k", kind.name()).param("d", days).param("p", threshold).param("w", window).param("u", user.id()).update();
        // spells are kept for the configured inactivity length: a new one is built by a background job (ADR 0035)
        if (days != c.inactivityDays()) spells.request(days);
        audit.record("UPDATE", "CHURN_SETTINGS", null, "Churn definition: " + kind + ", " + days + " days, P(alive) < " + threshold
                + ", risk window " + window + " days", Map.of());
        return current();
    }
}
