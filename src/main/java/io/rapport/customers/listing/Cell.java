package io.rapport.customers.listing;

/** One table cell of a list page: text, an optional link and an optional badge style. */
public record Cell(String text, String href, String badge, java.util.List<String> tags) {

    public static Cell text(Object value) {
        return new Cell(value == null ? "" : String.valueOf(value), null, null, null);
    }

    public static Cell link(String text, String href) {
        return new Cell(text == null ? "" : text, href, null, null);
    }

    public static Cell badge(String text) {
        return new Cell(text, null, text, null);
    }

    public static Cell tags(java.util.List<String> tags) {
        return new Cell("", null, null, tags);
    }

    /** The cell as plain text, as the page shows it: tags comma-separated, badges capitalised ("GOLD" → "Gold"). */
    public String plain() {
        if (tags != null) return String.join(", ", tags);
        if (badge != null && !badge.isEmpty()) {
            return badge.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + badge.substring(1).toLowerCase(java.util.Locale.ROOT);
        }
        return text;
    }
}
