package io.rapport.customers.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One data row of the file, read by field: values are trimmed, blank is null. Problems are recorded against
 * the column the field came from, for the error report.
 */
public final class ImportRow {

    public record Problem(String column, String reason) {}

    private final long rowNo;
    private final String[] values;
    private final Map<String, Integer> slots;
    private final String[] columns;
    private final List<Problem> problems = new ArrayList<>(2);

    ImportRow(long rowNo, String[] values, Map<String, Integer> slots, String[] columns) {
        this.rowNo = rowNo;
        this.values = values;
        this.slots = slots;
        this.columns = columns;
    }

    /** The spreadsheet row number (the header is row 1). */
    public long rowNo() {
        return rowNo;
    }

    public boolean mapped(String field) {
        return slots.containsKey(field);
    }

    public String get(String field) {
        Integer slot = slots.get(field);
        if (slot == null) return null;
        String v = values[slot];
        if (v == null) return null;
        v = v.strip();
        return v.isEmpty() ? null : v;
    }

    /** The value, or null with a problem when longer than {@code max} characters or containing NUL. */
    public String text(String field, int max) {
        String v = get(field);
        if (v == null) return null;
        if (v.length() > max) return reject(field, "longer than " + max + " characters (" + v.length() + ")");
        if (v.indexOf('\u0000') >= 0) return reject(field, "contains the NUL character");
        return v;
    }

    /** One of {@code allowed}, matched case-insensitively; returned in the allowed spelling. */
    public String oneOf(String field, List<String> allowed) {
        String v = get(field);
        if (v == null) return null;
        for (String a : allowed) if (a.equalsIgnoreCase(v)) return a;
        return reject(field, "'" + abbreviate(v) + "' is not one of " + allowed);
    }

    /** true/false, yes/no, 1/0. */
    public Boolean bool(String field) {
        String v = get(field);
        if (v == null) return null;
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "y", "1", "on" -> true;
            case "false", "no", "n", "0", "off" -> false;
            default -> reject(field, "'" + abbreviate(v) + "' is not true or false");
        };
    }

    public Long id(String field) {
        String v = get(field);
        if (v == null) return null;
        try {
            long id = Long.parseLong(v);
            if (id > 0) return id;
        } catch (NumberFormatException e) {
            // reported below
        }
        return reject(field, "'" + abbreviate(v) + "' is not an id");
    }

    public Integer integer(String field, int min, int max) {
        String v = get(field);
        if (v == null) return null;
        try {
            int i = Integer.parseInt(v);
            if (i >= min && i <= max) return i;
        } catch (NumberFormatException e) {
            return reject(field, "'" + abbreviate(v) + "' is not a whole number");
        }
        return reject(field, "must be between " + min + " and " + max);
    }

    /** An ISO-8601 instant (2025-03-01T10:00:00Z), or a local date-time or date, read as UTC. */
    public java.time.Instant instant(String field) {
        String v = get(field);
        if (v == null) return null;
        try {
            return java.time.OffsetDateTime.parse(v).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(v.replace(' ', 'T')).toInstant(java.time.ZoneOffset.UTC);
            } catch (java.time.format.DateTimeParseException e2) {
                try {
                    return java.time.LocalDate.parse(v).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
                } catch (java.time.format.DateTimeParseException e3) {
                    return reject(field, "'" + abbreviate(v) + "' is not a date-time such as 2025-03-01T10:00:00Z");
                }
            }
        }
    }

    /** Several values in one cell, separated by ';', ',' or '|' (e-mails also by spaces). */
    public List<String> list(String field, String separators) {
        String v = get(field);
        if (v == null) return List.of();
        List<String> items = new ArrayList<>();
        for (String part : v.split("[" + separators + "]+")) if (!part.isBlank()) items.add(part.strip());
        return items;
    }

    static String abbreviate(String v) {
        return v.length() > 60 ? v.substring(0, 57) + "..." : v;
    }

    /** Records a problem with the column of {@code field}; returns null for convenience. */
    public <T> T reject(String field, String reason) {
        Integer slot = field == null ? null : slots.get(field);
        problems.add(new Problem(slot == null ? field : columns[slot], reason));
        return null;
    }

    public boolean rejected() {
        return !problems.isEmpty();
    }

    List<Problem> problems() {
        return problems;
    }
}
