package io.rapport.platform.web;

/** The API's page size rule: default 50, at most 500. */
public final class PageLimit {

    public static final int DEFAULT = 50;
    public static final int MAX = 500;

    private PageLimit() {}

    public static int of(Integer requested) {
        if (requested == null) {
            return DEFAULT;
        }
        if (requested < 1 || requested > MAX) {
            throw Problems.invalid("limit", "must be between 1 and " + MAX);
        }
        return requested;
    }
}
