package io.rapport.service.sla;

import io.rapport.service.metrics.SlaCompliance;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * SLA compliance for the service dashboard, read from the clocks: of the stopped clocks (first response, next
 * responses, resolution) of tickets solved in the period, the share that stopped before their due time.
 */
@Component
class ClockCompliance implements SlaCompliance {

    private static final String MET = """
            select %s as key, 100.0 * count(*) filter (where c.breached_at is null) / nullif(count(*), 0) as pct
              from tickets t
              join ticket_sla_clocks c on c.ticket_id = t.id and c.stopped_at is not null
             where t.solved_at >= :from and t.solved_at < :to
            """;

    private final JdbcClient jdbc;

    ClockCompliance(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<Long, Double> compliance(Instant from, Instant to, String groupBy) {
        String key = switch (groupBy == null ? "none" : groupBy) {
            case "agent" -> "t.assignee_id";
            case "team" -> "t.team_id";
            default -> "null::bigint";
        };
        Map<Long, Double> result = new HashMap<>();
        jdbc.sql(MET.formatted(key) + " group by 1").param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query(rs -> {
                    double pct = rs.getDouble("pct");
                    if (!rs.wasNull()) result.put((Long) rs.getObject("key"), pct);
                });
        return result;
    }

    @Override
    public Double overall(Instant from, Instant to) {
        return jdbc.sql(MET.formatted("null::bigint")).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((rs, n) -> {
                    double pct = rs.getDouble("pct");
                    return rs.wasNull() ? null : pct;
                }).optional().orElse(null);
    }
}
