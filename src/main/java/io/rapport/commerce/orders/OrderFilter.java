package io.rapport.commerce.orders;

import io.rapport.platform.web.Problems;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The order list's filters: contact, account, ordered from (inclusive) / to (exclusive), status. */
record OrderFilter(Long contactId, Long accountId, Instant from, Instant to, String status) {

    static OrderFilter of(Long contact, Long account, String from, String to, String status) {
        String s = status == null || status.isBlank() ? null : status.strip().toUpperCase(Locale.ROOT);
        if (s != null && !Order.STATUSES.contains(s)) throw Problems.invalid("status", "one of " + Order.STATUSES);
        Instant f = instant("from", from, false);
        Instant t = instant("to", to, true);
        if (f != null && t != null && t.isBefore(f)) throw Problems.invalid("to", "must not be before from");
        return new OrderFilter(contact, account, f, t, s);
    }

    /** A date (the whole day: {@code to} includes it) or an ISO-8601 instant. */
    private static Instant instant(String field, String raw, boolean endOfDay) {
        if (raw == null || raw.isBlank()) return null;
        try {
            if (raw.length() == 10) {
                LocalDate day = LocalDate.parse(raw);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw Problems.invalid(field, "'" + raw + "' is not a date (YYYY-MM-DD) or an ISO-8601 instant");
        }
    }
}
