package io.rapport.service.sla;

import java.util.List;

/** Which tickets a policy covers (empty list = any) and its targets in minutes of business time (null = no clock). */
public record SlaPolicy(long id, String name, int position, boolean active, long calendarId, List<String> priorities,
                        List<String> accountTiers, List<String> channels, List<String> types,
                        Integer firstResponseMinutes, Integer nextResponseMinutes, Integer resolutionMinutes,
                        int version) {

    public Integer target(Metric metric) {
        return switch (metric) {
            case FIRST_RESPONSE -> firstResponseMinutes;
            case NEXT_RESPONSE -> nextResponseMinutes;
            case RESOLUTION -> resolutionMinutes;
        };
    }

    /** Whether a ticket with these attributes falls under the policy. */
    public boolean matches(String priority, String accountTier, String channel, String type) {
        return any(priorities, priority) && any(accountTiers, accountTier) && any(channels, channel) && any(types, type);
    }

    private static boolean any(List<String> allowed, String value) {
        return allowed.isEmpty() || (value != null && allowed.contains(value));
    }

    public enum Metric { FIRST_RESPONSE, NEXT_RESPONSE, RESOLUTION }
}
