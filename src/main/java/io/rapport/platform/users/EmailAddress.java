package io.rapport.platform.users;

import java.util.Locale;
import java.util.regex.Pattern;

/** An e-mail address, trimmed and lower-cased, checked for a plausible shape and length. */
public record EmailAddress(String value) {

    private static final Pattern SHAPE = Pattern.compile("^[^\\s@<>()\",;:]+@[^\\s@<>()\",;:]+\\.[^\\s@<>()\",;:.]{2,}$");

    public EmailAddress {
        value = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    }

    public static boolean isValid(String raw) {
        if (raw == null) return false;
        String v = raw.trim();
        return v.length() <= 254 && SHAPE.matcher(v).matches();
    }
}
