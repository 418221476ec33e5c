package io.rapport.service.sla;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.IntegrationTest;
import io.rapport.support.PastPeriods;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class ClockComplianceTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ClockCompliance compliance;

    @Test
    void shareOfStoppedClocksMetOfTicketsSolvedInThePeriod() {
        // a period of its own, far in the past (see PastPeriods), so other tests' tickets don't count; emptied of earlier runs
        Instant from = Instant.parse("2001-03-05T00:00:00Z");
        PastPeriods.clearTickets(jdbc, from, from.plus(14, ChronoUnit.DAYS));
        long met = ticket(from.plus(1, ChronoUnit.DAYS));
        long missed = ticket(from.plus(2, ChronoUnit.DAYS));
        clock(met, "FIRST_RESPONSE", false);
        clock(met, "RESOLUTION", false);
        clock(missed, "FIRST_RESPONSE", false);
        clock(missed, "RESOLUTION", true);

        assertThat(compliance.overall(from, from.plus(7, ChronoUnit.DAYS))).isEqualTo(75.0);
        assertThat(compliance.compliance(from, from.plus(7, ChronoUnit.DAYS), "none")).containsEntry(null, 75.0);
        assertThat(compliance.overall(from.plus(7, ChronoUnit.DAYS), from.plus(14, ChronoUnit.DAYS))).isNull();
    }

    private long ticket(Instant solvedAt) {
        return jdbc.sql("insert into tickets (subject, channel, status, solved_at, created_at) "
                        + "values ('SLA compliance', 'API', 'SOLVED', :at, :created) returning id")
                .param("at", java.sql.Timestamp.from(solvedAt))
                .param("created", java.sql.Timestamp.from(solvedAt.minus(1, ChronoUnit.DAYS)))
                .query(Long.class).single();
    }

    private void clock(long ticketId, String metric, boolean breached) {
        jdbc.sql("""
                insert into ticket_sla_clocks (ticket_id, metric, target_minutes, started_at, due_at, warn_at, stopped_at, breached_at)
                select id, :metric, 60, created_at, created_at + interval '1 hour', created_at + interval '45 minutes',
                       solved_at, case when :breached then created_at + interval '1 hour' end
                  from tickets where id = :id""")
                .param("metric", metric).param("breached", breached).param("id", ticketId).update();
    }
}
