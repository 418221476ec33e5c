package io.rapport.analytics.kpis;

import io.rapport.platform.web.Problems;
import java.util.Locale;
import java.util.Set;

/**
 * A segment filter: {@code account:<id>} (the account's orders, answers and tickets, and those of its contacts),
 * {@code stage:<LIFECYCLE_STAGE>} (contacts currently in that stage) or {@code tag:<tag>} (contacts or accounts
 * currently carrying the tag). Membership is today's, not the one at the time of each order.
 */
public record Segment(Type type, String value) {

    public enum Type { ACCOUNT, STAGE, TAG }

    public static final Set<Type> ALL = Set.of(Type.ACCOUNT, Type.STAGE, Type.TAG);
    static final Set<String> STAGES = Set.of("LEAD", "PROSPECT", "CUSTOMER", "CLIENT", "ADVOCATE", "CHURNED");

    /** Null or blank → no segment; anything else must be well formed (400 naming {@code segment}). */
    public static Segment parse(String raw) {
        if (raw == null || raw.isBlank()) return null;
        int colon = raw.indexOf(':');
        if (colon <= 0 || colon == raw.length() - 1) throw Problems.invalid("segment", "account:<id>, stage:<stage> or tag:<tag>");
        String kind = raw.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = raw.substring(colon + 1).trim();
        return switch (kind) {
            case "account" -> {
                try {
                    long id = Long.parseLong(value);
                    if (id <= 0) throw new NumberFormatException();
                    yield new Segment(Type.ACCOUNT, Long.toString(id));
                } catch (NumberFormatException e) {
                    throw Problems.invalid("segment", "account:<id> needs a positive account id");
                }
            }
            case "stage" -> {
                String stage = value.toUpperCase(Locale.ROOT);
                if (!STAGES.contains(stage)) throw Problems.invalid("segment", "stage must be one of " + String.join(", ", new java.util.TreeSet<>(STAGES)));
                yield new Segment(Type.STAGE, stage);
            }
            case "tag" -> {
                if (value.length() > 100) throw Problems.invalid("segment", "a tag has at most 100 characters");
                yield new Segment(Type.TAG, value);
            }
            default -> throw Problems.invalid("segment", "unknown segment type '" + kind + "': use account, stage or tag");
        };
    }

    public String asParam() {
        return type.name().toLowerCase(Locale.ROOT) + ":" + value;
    }

    /**
     * SQL condition for rows with a contact column and (optionally, may be null) an account column; binds
     * {@code :segment}.
     */
    public String sql(String contactColumn, String accountColumn) {
        return switch (type) {
            case ACCOUNT -> "(" + (accountColumn == null ? "" : accountColumn + " = cast(:segment as bigint) or ")
                    + contactColumn + " in (select id from contacts where account_id = cast(:segment as bigint)))";
            case STAGE -> contactColumn + " in (select id from contacts where lifecycle_stage = :segment)";
            case TAG -> "(" + contactColumn + " in (select id from contacts where tags @> array[cast(:segment as text)])"
                    + (accountColumn == null ? "" : " or " + accountColumn + " in (select id from accounts where tags @> array[cast(:segment as text)])") + ")";
        };
    }
}
