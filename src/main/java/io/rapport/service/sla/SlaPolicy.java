package io.rapport.service.sla;

import java.util.List;

/** Which tickets a policy covers (empty list = any; matched in SQL by {@link SlaPolicies#forTicket}) and its targets in minutes of business time (null = no clock). */
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

    public enum Metric { FIRST_RESPONSE, NEXT_RESPONSE, RESOLUTION }
}
