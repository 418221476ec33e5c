package io.rapport.customers.listing;

import io.rapport.customers.customfields.CustomField;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.Cursor;
import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;

/**
 * Builds one keyset-paginated list query over contacts or accounts: visibility first, then filters,
 * then "rows after the cursor" in the chosen sort. Every filter value is a bound parameter.
 */
public final class ListQuery {

    /** A sortable column: its name in the API and the SQL expression with its type for the cursor. */
    public record SortKey(String name, String expression, String sqlType) {}

    public record Sorting(SortKey key, boolean descending) {
        public static Sorting parse(String raw, List<SortKey> keys, SortKey fallback) {
            if (raw == null || raw.isBlank()) return new Sorting(fallback, false);
            boolean desc = raw.startsWith("-");
            String name = desc ? raw.substring(1) : raw;
            return keys.stream().filter(k -> k.name().equals(name)).findFirst().map(k -> new Sorting(k, desc))
                    .orElseThrow(() -> Problems.invalid("sort", "one of " + keys.stream().map(SortKey::name).toList()
                            + ", optionally prefixed with '-' for descending"));
        }

        public String asParam() {
            return (descending ? "-" : "") + key.name();
        }
    }

    /** How PostgreSQL (DateStyle ISO, as the JDBC driver sets it) prints a timestamptz cast to text. */
    private static final Pattern PG_TIMESTAMPTZ =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?[+-]\\d{2}(:\\d{2}){0,2}");

    private final String alias;
    private final StringBuilder where = new StringBuilder();
    private final Map<String, Object> params = new LinkedHashMap<>();
    private int counter;

    public ListQuery(String alias, CurrentUser user) {
        this.alias = alias;
        where.append(RecordVisibility.condition(user, alias));
        if (user.role().seesOnlyOwnBook()) {
            params.put("visUser", user.id());
            if (user.teamId() != null) params.put("visTeam", user.teamId());
        }
    }

    /** Adds {@code and <condition>} where {@code ?} stands for one freshly named parameter. */
    public ListQuery and(String condition, Object value) {
        String name = "p" + (counter++);
        where.append(" and ").append(condition.replace("?", ":" + name));
        params.put(name, value);
        return this;
    }

    public ListQuery and(String condition) {
        where.append(" and ").append(condition);
        return this;
    }

    public ListQuery owner(String owner, CurrentUser me) {
        if (owner == null || owner.isBlank()) return this;
        if (owner.equals("me")) return and(alias + ".owner_id = ?", me.id());
        if (owner.equals("none")) return and(alias + ".owner_id is null");
        return and(alias + ".owner_id = ?", parseId("owner", owner));
    }

    public ListQuery tag(String tag) {
        if (tag == null || tag.isBlank()) return this;
        return and(alias + ".tags @> array[cast(? as text)]", tag.trim().toLowerCase());
    }

    public ListQuery updatedSince(String since) {
        if (since == null || since.isBlank()) return this;
        return and(alias + ".updated_at >= ?", Timestamp.from(parseInstant("updatedSince", since)));
    }

    public ListQuery createdBetween(String since, String before) {
        if (since != null && !since.isBlank()) and(alias + ".created_at >= ?", Timestamp.from(parseInstant("createdSince", since)));
        if (before != null && !before.isBlank()) and(alias + ".created_at < ?", Timestamp.from(parseInstant("createdBefore", before)));
        return this;
    }

    /** Contains-search over the record's lower-cased search text (served by its trigram index). */
    public ListQuery text(String q) {
        if (q == null || q.isBlank()) return this;
        return and(alias + ".search_text like ?", "%" + escapeLike(q.trim().toLowerCase()) + "%");
    }

    /** {@code cf.<key>=value}: equality for typed fields, contains for text, "has value" for multi-select; empty = no value. */
    public ListQuery customField(CustomField field, String value) {
        String key = field.key();
        String column = alias + ".custom";
        if (value == null || value.isBlank()) {
            String k = "p" + (counter++);
            params.put(k, key);
            return and("not jsonb_exists(" + column + ", :" + k + ")");
        }
        String keyParam = "p" + (counter++);
        params.put(keyParam, key);
        String v = value.trim();
        return switch (field.type()) {
            case TEXT -> and(column + "->>:" + keyParam + " ilike ?", "%" + escapeLike(v) + "%");
            case NUMBER -> and(column + " @> jsonb_build_object(cast(:" + keyParam + " as text), cast(? as numeric))",
                    parseNumber("cf." + key, v));
            case BOOLEAN -> and(column + " @> jsonb_build_object(cast(:" + keyParam + " as text), cast(? as boolean))",
                    !v.equalsIgnoreCase("false"));
            case MULTI_SELECT -> and(column + " @> jsonb_build_object(cast(:" + keyParam + " as text), jsonb_build_array(cast(? as text)))", v);
            case DATE -> and(column + " @> jsonb_build_object(cast(:" + keyParam + " as text), cast(? as text))", parseDate("cf." + key, v));
            case SELECT -> and(column + " @> jsonb_build_object(cast(:" + keyParam + " as text), cast(? as text))", v);
        };
    }

    /** {@code cf.<key>=value} filters checked against the entity's field definitions. */
    public ListQuery customFields(Map<String, String> filters, List<CustomField> definitions, String entityLabel) {
        if (filters == null) return this;
        filters.forEach((key, value) -> customField(definitions.stream().filter(d -> d.key().equals(key)).findFirst()
                .orElseThrow(() -> Problems.invalid("cf." + key, "no such " + entityLabel + " custom field")), value));
        return this;
    }

    /** Cuts the {@code limit + 1} rows a query returned into a page and the cursor of the next one. */
    public static <R, T> PageResult<T> toPage(List<R> rows, int limit, Function<R, T> item, Function<R, String> sortValue,
                                              ToLongFunction<T> id) {
        boolean more = rows.size() > limit;
        List<R> page = more ? rows.subList(0, limit) : rows;
        String next = more ? new Cursor(sortValue.apply(page.getLast()), id.applyAsLong(item.apply(page.getLast()))).encode() : null;
        return new PageResult<>(page.stream().map(item).toList(), next);
    }

    /** The full statement: {@code select} must select {@code <expr>::text as sort_value} via {@link #sortValueColumn}. */
    public String sql(String selectFrom, Sorting sorting, String cursor, int limit) {
        StringBuilder sql = new StringBuilder(selectFrom).append(" where ").append(where);
        String expr = sorting.key().expression();
        String op = sorting.descending() ? "<" : ">";
        if (cursor != null && !cursor.isBlank()) {
            Cursor c = Cursor.decode(cursor);
            if ("timestamptz".equals(sorting.key().sqlType()) && c.value() != null
                    && !PG_TIMESTAMPTZ.matcher(c.value()).matches()) {
                // e.g. a cursor of a list sorted by name, sent with sort=createdAt
                throw Problems.invalid("cursor", "not a cursor returned by this API for sort=" + sorting.asParam());
            }
            sql.append(" and (").append(expr).append(", ").append(alias).append(".id) ").append(op)
                    .append(" (cast(:cursorValue as ").append(sorting.key().sqlType()).append("), :cursorId)");
            params.put("cursorValue", c.value());
            params.put("cursorId", c.id());
        }
        sql.append(orderBy(sorting)).append(" limit :limit");
        params.put("limit", limit + 1);
        return sql.toString();
    }

    /** Every matching row in the list's order, for streaming exports: no cursor, no limit. */
    public String allRowsSql(String selectFrom, Sorting sorting) {
        return selectFrom + " where " + where + orderBy(sorting);
    }

    private String orderBy(Sorting sorting) {
        String dir = sorting.descending() ? " desc" : "";
        return " order by " + sorting.key().expression() + dir + ", " + alias + ".id" + dir;
    }

    public String countSql(String from) {
        return "select count(*) from " + from + " where " + where;
    }

    public static String sortValueColumn(Sorting sorting) {
        return "cast(" + sorting.key().expression() + " as text) as sort_value";
    }

    public Map<String, Object> params() {
        return params;
    }

    public static long parseId(String field, String raw) {
        try {
            long id = Long.parseLong(raw.trim());
            if (id > 0) return id;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw Problems.invalid(field, "'" + raw + "' is not an id");
    }

    static Instant parseInstant(String field, String raw) {
        try {
            return raw.length() == 10 ? LocalDate.parse(raw).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw Problems.invalid(field, "'" + raw + "' is not a date (YYYY-MM-DD) or an ISO-8601 instant");
        }
    }

    private static BigDecimal parseNumber(String field, String raw) {
        try {
            return new BigDecimal(raw);
        } catch (NumberFormatException e) {
            throw Problems.invalid(field, "'" + raw + "' is not a number");
        }
    }

    private static String parseDate(String field, String raw) {
        try {
            return LocalDate.parse(raw).toString();
        } catch (DateTimeParseException e) {
            throw Problems.invalid(field, "'" + raw + "' is not a date (YYYY-MM-DD)");
        }
    }

    public static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
