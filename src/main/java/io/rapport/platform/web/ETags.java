package io.rapport.platform.web;

/** Reads a record version out of an {@code If-Match} header such as {@code "3"} or {@code W/"3"}. */
public final class ETags {

    private ETags() {}

    public static Integer parse(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) return null;
        String v = ifMatch.trim();
        if (v.startsWith("W/")) v = v.substring(2);
        v = v.replace("\"", "");
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw Problems.invalid("If-Match", "expected the record's version as an ETag, e.g. \"3\"");
        }
    }
}
