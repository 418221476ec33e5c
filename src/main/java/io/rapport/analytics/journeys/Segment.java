package io.rapport.analytics.journeys;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which contacts an analysis covers: {@code all}, {@code stage:CUSTOMER}, {@code tag:vip}, {@code account:42} or
 * {@code persona:7}. As a SQL condition over a contacts alias, together with what the user may see (SALES and AGENT
 * their own book, everyone else all contacts), so a seller's funnel counts only their contacts.
 */
public record Segment(String kind, String value) {

    public static final Segment ALL = new Segment("all", null);

    /** {@code all} (or nothing) → every contact; else a segment of contacts, parsed as the KPI dashboard parses it. */
    public static Segment parse(String raw) {
        if (raw == null || raw.isBlank() || raw.trim().equalsIgnoreCase("all")) return ALL;
        io.rapport.analytics.kpis.Segment s = io.rapport.analytics.kpis.Segment.parse(raw.trim(), io.rapport.analytics.kpis.Segment.OF_CONTACTS);
        return new Segment(s.type().name().toLowerCase(Locale.ROOT), s.value());
    }

    /** The SQL condition over the contacts alias {@code c}; bind {@link #params}. */
    public String condition(CurrentUser user, String c) {
        String seg = switch (kind) {
            case "stage" -> c + ".lifecycle_stage = :segValue";
            case "tag" -> c + ".tags @> array[cast(:segValue as text)]";
            case "account" -> c + ".account_id = cast(:segValue as bigint)";
            case "persona" -> "exists (select 1 from contact_personas sp where sp.contact_id = " + c
                    + ".id and sp.persona_id = cast(:segValue as bigint))";
            default -> "true";
        };
        return "(" + seg + " and " + RecordVisibility.condition(user, c) + ")";
    }

    public Map<String, Object> params(CurrentUser user) {
        Map<String, Object> p = new HashMap<>();
        if (value != null) p.put("segValue", value);
        if (user.role().seesOnlyOwnBook()) {
            p.put("visUser", user.id());
            if (user.teamId() != null) p.put("visTeam", user.teamId());
        }
        return p;
    }

    /** As the user wrote it, for links and CSV file names. */
    public String label() {
        return value == null ? "all" : kind + ":" + value;
    }

    public String describe() {
        return switch (kind) {
            case "stage" -> "contacts in lifecycle stage " + value;
            case "tag" -> "contacts tagged '" + value + "'";
            case "account" -> "contacts of account " + value;
            case "persona" -> "contacts of persona " + value;
            default -> "all contacts";
        };
    }
}
