package io.rapport.customers.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Writes vCard 4.0 (RFC 6350) cards: CRLF line ends, lines folded at 75 octets without splitting a UTF-8 character,
 * and text values escaped ({@code \\ \, \; \n}). Properties go out in the order they are added; the caller adds
 * what RFC 6350 requires (FN) and this class adds BEGIN, VERSION and END.
 */
public final class VCardWriter {

    static final int MAX_OCTETS = 75;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Writer out;

    public VCardWriter(Writer out) {
        this.out = out;
    }

    public VCardWriter begin() {
        line("BEGIN:VCARD");
        return line("VERSION:4.0");
    }

    public VCardWriter end() {
        return line("END:VCARD");
    }

    /** A text property such as {@code FN} or {@code TITLE}; nothing is written for an empty value. */
    public VCardWriter text(String nameAndParams, String value) {
        if (value == null || value.isBlank()) return this;
        return line(nameAndParams + ":" + escape(value));
    }

    /** A compound property such as {@code N} or {@code ADR}: components escaped and joined by semicolons. */
    public VCardWriter compound(String nameAndParams, String... components) {
        return line(nameAndParams + ":" + Arrays.stream(components).map(VCardWriter::escape).collect(Collectors.joining(";")));
    }

    /** A multi-valued text property such as {@code CATEGORIES}: values escaped and joined by commas. */
    public VCardWriter list(String nameAndParams, java.util.List<String> values) {
        if (values.isEmpty()) return this;
        return line(nameAndParams + ":" + values.stream().map(VCardWriter::escape).collect(Collectors.joining(",")));
    }

    /** A value that is not text (a URI, a timestamp, a code), written as it is. */
    public VCardWriter raw(String nameAndParams, String value) {
        return line(nameAndParams + ":" + value);
    }

    public VCardWriter timestamp(String name, Instant at) {
        return raw(name, TIMESTAMP.format(at));
    }

    /** RFC 6350 §3.4: backslash, comma, semicolon and line breaks in text are escaped. */
    static String escape(String value) {
        if (value == null) return "";
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case ',' -> sb.append("\\,");
                case ';' -> sb.append("\\;");
                case '\r' -> {
                    sb.append("\\n");
                    if (i + 1 < value.length() && value.charAt(i + 1) == '\n') i++;
                }
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** RFC 6350 §3.2: a line longer than 75 octets continues on lines starting with one space. */
    static String fold(String line) {
        StringBuilder sb = new StringBuilder(line.length() + 8);
        int octets = 0;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int size = utf8Length(cp);
            if (octets + size > MAX_OCTETS) {
                sb.append("\r\n ");
                octets = 1;
            }
            sb.appendCodePoint(cp);
            octets += size;
            i += Character.charCount(cp);
        }
        return sb.append("\r\n").toString();
    }

    private static int utf8Length(int codePoint) {
        if (codePoint < 0x80) return 1;
        if (codePoint < 0x800) return 2;
        return codePoint < 0x10000 ? 3 : 4;
    }

    private VCardWriter line(String line) {
        try {
            out.write(fold(line));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
