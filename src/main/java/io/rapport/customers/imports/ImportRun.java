package io.rapport.customers.imports;

import io.rapport.platform.security.CurrentUser;

/**
 * One run of an import job: who imports (and so owns the new records), what to do with duplicates, and look-ups
 * of the contacts rows may refer to (visibility-checked, cached for the run).
 */
public record ImportRun(long importId, CurrentUser user, DuplicatePolicy policy, String phoneRegion, ContactRefs contacts,
                        java.util.Map<String, String> options) {

    /** A flag option of the target: true when the user ticked it. */
    public boolean flag(String key) {
        return "true".equals(options.get(key));
    }

    /** A text option's value (its default when the user left it out). */
    public String option(String key) {
        return options.get(key);
    }
}
