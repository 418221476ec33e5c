package io.rapport.service.escalation;

import java.util.List;

/** On a breach of {@code metric} (for tickets of one of {@code priorities}, empty = any): the actions to take. */
public record EscalationRule(long id, String name, int position, boolean active, String metric, List<String> priorities,
                             Long reassignTeamId, Long reassignUserId, boolean raisePriority, boolean notifyManager,
                             String addTag, int version) {

    boolean applies(String breachedMetric, String priority) {
        return active && metric.equals(breachedMetric) && (priorities.isEmpty() || priorities.contains(priority));
    }
}
