package io.rapport.platform.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An opaque keyset position: the sort value and id of the last row of a page. Clients pass it back
 * as {@code ?cursor=} to get the rows after it, however many rows were inserted meanwhile.
 */
public record Cursor(String value, long id) {

    public String encode() {
        String raw = (value == null ? "\u0001" : value) + "\u0000" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor decode(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int split = raw.lastIndexOf('\u0000');
            String value = raw.substring(0, split);
            return new Cursor("\u0001".equals(value) ? null : value, Long.parseLong(raw.substring(split + 1)));
        } catch (RuntimeException e) {
            throw Problems.invalid("cursor", "not a cursor returned by this API");
        }
    }
}
