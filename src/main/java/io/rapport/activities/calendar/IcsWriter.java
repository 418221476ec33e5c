package io.rapport.activities.calendar;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Writes an iCalendar (RFC 5545) document line by line: CRLF line ends, content lines folded at 75 octets
 * (never inside a UTF-8 sequence), TEXT values escaped, times in UTC. Small on purpose: Rapport writes only
 * VEVENTs with a few properties, so a library would bring more than it gives.
 */
public final class IcsWriter {

    static final int MAX_OCTETS = 75;
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final StringBuilder out = new StringBuilder();

    public IcsWriter begin(String component) {
        return line("BEGIN:" + component);
    }

    public IcsWriter end(String component) {
        return line("END:" + component);
    }

    /** A TEXT property (SUMMARY, DESCRIPTION, LOCATION…); skipped when the value is null or blank. */
    public IcsWriter text(String name, String value) {
        return value == null || value.isBlank() ? this : line(name + ":" + escapeText(value));
    }

    /** A DATE-TIME property in UTC, to the second; skipped when null. */
    public IcsWriter time(String name, Instant value) {
        return value == null ? this : line(name + ":" + utc(value));
    }

    /** A property whose value is already in its iCalendar form (URI, integer, duration, code). */
    public IcsWriter raw(String name, String value) {
        return value == null ? this : line(name + ":" + value);
    }

    /** A calendar user (ORGANIZER, ATTENDEE) with a display name, as a mailto: URI. */
    public IcsWriter person(String name, String displayName, String email, String extraParams) {
        String params = displayName == null || displayName.isBlank() ? "" : ";CN=" + paramValue(displayName);
        return line(name + params + (extraParams == null ? "" : ";" + extraParams) + ":mailto:" + email);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    public static String utc(Instant value) {
        return UTC.format(value.truncatedTo(ChronoUnit.SECONDS));
    }

    /** RFC 5545 3.3.11: backslash, semicolon and comma are escaped; every line break becomes \n. */
    static String escapeText(String value) {
        StringBuilder s = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> s.append("\\\\");
                case ';' -> s.append("\\;");
                case ',' -> s.append("\\,");
                case '\r' -> {
                    s.append("\\n");
                    if (i + 1 < value.length() && value.charAt(i + 1) == '\n') i++;
                }
                case '\n' -> s.append("\\n");
                default -> {
                    if (c >= 0x20 || c == '\t') s.append(c);  // other control characters are not allowed in TEXT
                }
            }
        }
        return s.toString();
    }

    /** A parameter value: quoted when it holds ':', ';' or ','; double quotes and control characters cannot appear. */
    static String paramValue(String value) {
        String clean = value.replaceAll("[\"\\p{Cntrl}]", "").trim();
        return clean.matches(".*[:;,].*") ? "\"" + clean + "\"" : clean;
    }

    /** Appends one content line, folded so no physical line exceeds 75 octets (the leading space counts). */
    private IcsWriter line(String content) {
        int octets = 0;
        for (int i = 0; i < content.length(); ) {
            int cp = content.codePointAt(i);
            int width = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + width > MAX_OCTETS) {
                out.append("\r\n ");
                octets = 1;
            }
            out.appendCodePoint(cp);
            octets += width;
            i += Character.charCount(cp);
        }
        out.append("\r\n");
        return this;
    }
}
