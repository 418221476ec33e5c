package io.rapport.analytics.kpis;

import io.rapport.platform.web.Problems;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A segment filter: {@code account:<id>} (the account's orders, answers and tickets, and those of its contacts),
 * {@code stage:<LIFECYCLE_STAGE>} (contacts currently in that stage), {@code tag:<tag>} (contacts or accounts
 * currently carrying the tag) or {@code persona:<id>} (contacts assigned that persona). Membership is today's, not the
 * one at the time of each order. The one parser of segment parameters in analytics: the KPI dashboard takes
 * {@link #ALL}, the contact analyses (journeys, personas, recovery) take {@link #OF_CONTACTS} through
 * {@code journeys.Segment}.
 */
public record Segment(Type type, String value) {

    /** In the order the usage hint names them. */
    public enum Type { ACCOUNT, STAGE, TAG, PERSONA }

    public static final Set<Type> ALL = Set.of(Type.ACCOUNT, Type.STAGE, Type.TAG);
    public static final Set<Type> OF_CONTACTS = Set.of(Type.ACCOUNT, Type.STAGE, Type.TAG, Type.PERSONA);
    static final Set<String> STAGES = Set.of("LEAD", "PROSPECT", "CUSTOMER", "CLIENT", "ADVOCATE", "CHURNED");

    /** Null or blank → no segment; anything else must be well formed (400 naming {@code segment}). */
    public static Segment parse(String raw) {
        return parse(raw, ALL);
    }

    /** Null or blank → no segment; anything else must be one of {@code kinds}, well formed (400 naming {@code segment}). */
    public static Segment parse(String raw, Set<Type> kinds) {
        if (raw == null || raw.isBlank()) return null;
        int colon = raw.indexOf(':');
        if (colon <= 0 || colon == raw.length() - 1) throw Problems.invalid("segment", usage(kinds, t -> name(t) + ":<" + (t == Type.ACCOUNT || t == Type.PERSONA ? "id" : name(t)) + ">"));
        String kind = raw.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = raw.substring(colon + 1).trim();
        Type type = kinds.stream().filter(t -> name(t).equals(kind)).findFirst()
                .orElseThrow(() -> Problems.invalid("segment", "unknown segment kind '" + kind + "': use " + usage(kinds, Segment::name)));
        return switch (type) {
            case ACCOUNT, PERSONA -> {
                try {
                    long id = Long.parseLong(value);
                    if (id <= 0) throw new NumberFormatException();
                    yield new Segment(type, Long.toString(id));
                } catch (NumberFormatException e) {
                    throw Problems.invalid("segment", kind + ":<id> needs a positive " + kind + " id");
                }
            }
            case STAGE -> {
                String stage = value.toUpperCase(Locale.ROOT);
                if (!STAGES.contains(stage)) throw Problems.invalid("segment", "stage must be one of " + String.join(", ", new java.util.TreeSet<>(STAGES)));
                yield new Segment(Type.STAGE, stage);
            }
            case TAG -> {
                if (value.length() > 100) throw Problems.invalid("segment", "a tag has at most 100 characters");
                yield new Segment(Type.TAG, value);
            }
        };
    }

    private static String name(Type t) {
        return t.name().toLowerCase(Locale.ROOT);
    }

    /** "a, b or c" over the kinds, in declaration order. */
    private static String usage(Set<Type> kinds, java.util.function.Function<Type, String> each) {
        List<String> names = java.util.Arrays.stream(Type.values()).filter(kinds::contains).map(each).toList();
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
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
            case PERSONA -> contactColumn + " in (select contact_id from contact_personas where persona_id = cast(:segment as bigint))";
        };
    }
}
