package io.rapport.analytics.journeys;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.Problems;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which contacts an analysis covers: {@code all}, {@code stage:CUSTOMER}, {@code tag:vip}, {@code account:42} or
 * {@code persona:7}. As a SQL condition over a contacts alias, together with what the user may see (SALES and AGENT
 * their own book, everyone else all contacts), so a seller's funnel counts only their contacts.
 */
public record Segment(String kind, String value) {

    private static final Set<String> STAGES = Set.of("LEAD", "PROSPECT", "CUSTOMER", "CLIENT", "ADVOCATE", "CHURNED");

    public static final Segment ALL = new Segment("all", null);

    public static Segment parse(String raw) {
        if (raw == null || raw.isBlank() || raw.trim().equalsIgnoreCase("all")) return ALL;
        String s = raw.trim();
        int colon = s.indexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw Problems.invalid("segment", "all, stage:<STAGE>, tag:<tag>, account:<id> or persona:<id>");
        }
        String kind = s.substring(0, colon).toLowerCase(Locale.ROOT);
        String value = s.substring(colon + 1).trim();
        switch (kind) {
            case "stage" -> {
                value = value.toUpperCase(Locale.ROOT);
                if (!STAGES.contains(value)) throw Problems.invalid("segment", "unknown lifecycle stage '" + value + "'; one of " + STAGES);
            }
            case "tag" -> {
                if (value.length() > 100) throw Problems.invalid("segment", "a tag has at most 100 characters");
            }
            case "account", "persona" -> {
                try {
                    if (Long.parseLong(value) <= 0) throw new NumberFormatException();
                } catch (NumberFormatException e) {
                    throw Problems.invalid("segment", kind + ": needs a positive id, e.g. " + kind + ":42");
                }
            }
            default -> throw Problems.invalid("segment", "unknown segment kind '" + kind + "'; all, stage, tag, account or persona");
        }
        return new Segment(kind, value);
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
