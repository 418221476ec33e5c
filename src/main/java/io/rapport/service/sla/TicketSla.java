package io.rapport.service.sla;

import java.time.Instant;
import java.util.List;

/** A ticket's SLA clocks as shown to agents, with what escalation did. */
public record TicketSla(long ticketId, Instant slaDueAt, List<Clock> clocks, List<LogEntry> escalations) {

    /**
     * {@code state}: RUNNING, PAUSED, MET (stopped in time), MISSED (stopped late) or BREACHED (running past due).
     * Remaining and overdue are business seconds; {@code breachingSoon} when the warning time has passed.
     */
    public record Clock(long id, String metric, String label, Long policyId, String policyName, int targetMinutes,
                        Instant startedAt, Instant dueAt, Instant pausedAt, Instant stoppedAt, Instant breachedAt,
                        long pausedBusinessSeconds, String state, boolean breachingSoon, long remainingSeconds,
                        long overdueSeconds) {

        /** "2 h 05 min" of business time, for the page. */
        public String remainingText() {
            return human(remainingSeconds);
        }

        public String overdueText() {
            return human(overdueSeconds);
        }

        static String human(long seconds) {
            long m = Math.max(0, seconds) / 60;
            if (m < 60) return m + " min";
            long h = m / 60;
            if (h < 48) return h + " h " + String.format("%02d", m % 60) + " min";
            return (h / 24) + " d " + (h % 24) + " h";
        }
    }

    public record LogEntry(Instant at, String metric, String event, String actions) {}
}
