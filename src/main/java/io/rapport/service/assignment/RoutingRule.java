package io.rapport.service.assignment;

import java.util.ArrayList;
import java.util.List;

/** If a new ticket matches every set condition, it goes to the team by the strategy. */
public record RoutingRule(long id, String name, int position, String language, String type, String channel, String tag,
                          long teamId, String teamName, String strategy, String requiredSkill, boolean active) {

    public static final List<String> STRATEGIES = List.of("ROUND_ROBIN", "LOAD_BALANCED", "TEAM_ONLY");

    boolean matches(TicketFacts t) {
        return (language == null || (t.language() != null && t.language().toLowerCase().startsWith(language.toLowerCase())))
                && (type == null || type.equals(t.type()))
                && (channel == null || channel.equals(t.channel()))
                && (tag == null || t.tags().contains(tag));
    }

    public String condition() {
        List<String> parts = new ArrayList<>();
        if (language != null) parts.add("language " + language);
        if (type != null) parts.add("type " + type);
        if (channel != null) parts.add("channel " + channel);
        if (tag != null) parts.add("tag " + tag);
        return parts.isEmpty() ? "every ticket" : String.join(" and ", parts);
    }

    public String target() {
        String how = switch (strategy) {
            case "ROUND_ROBIN" -> "round robin";
            case "LOAD_BALANCED" -> "fewest open tickets";
            default -> "team queue";
        };
        return teamName + " (" + how + (requiredSkill == null ? "" : ", skill " + requiredSkill) + ")";
    }

    record TicketFacts(long id, String language, String type, String channel, List<String> tags) {}
}
