package io.rapport.service.automation;

import java.time.Instant;
import java.util.List;

/** When (trigger) and if (all conditions), do (actions, in order). Rules of a trigger run by position, then id. */
public record AutomationRule(long id, String name, String trigger, int position, boolean active,
                             List<Condition> conditions, List<Action> actions, Instant updatedAt, int version) {

    public static final List<String> TRIGGERS = List.of("CREATED", "UPDATED", "TIME");

    /** Time rules need a time condition, so "fires once per window" means something. */
    static boolean hasTimeCondition(List<Condition> conditions) {
        return conditions.stream().anyMatch(c -> c.field().startsWith("hours_"));
    }
}
