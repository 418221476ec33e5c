package io.rapport.customers.imports;

import io.rapport.platform.security.CurrentUser;

/**
 * One run of an import job: who imports (and so owns the new records), what to do with duplicates, and look-ups
 * of the contacts rows may refer to (visibility-checked, cached for the run).
 */
public record ImportRun(long importId, CurrentUser user, DuplicatePolicy policy, String phoneRegion, ContactRefs contacts) {}
