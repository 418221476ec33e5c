package io.rapport.commerce;

import io.rapport.commerce.recommendations.RecommendationLookup;
import io.rapport.customers.accounts.Accounts;
import io.rapport.customers.contacts.Contacts;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.Problems;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Cross-sell and upsell recommendations for a contact or an account (commerce's API for other modules: the deal page,
 * campaigns). Products the customer already bought are never offered; upsells come first (at most one per family:
 * the next tier above the highest one owned; at most half the list while cross-sells remain), then cross-sells ranked
 * by lift × confidence of their best rule.
 */
@Service
public class Recommendations {

    public static final int MAX_LIMIT = 50;

    private final RecommendationLookup lookup;
    private final Contacts contacts;
    private final Accounts accounts;

    Recommendations(RecommendationLookup lookup, Contacts contacts, Accounts accounts) {
        this.lookup = lookup;
        this.contacts = contacts;
        this.accounts = accounts;
    }

    /** For jobs and campaigns (no user, no visibility check). An unknown contact simply gets nothing. */
    public List<Recommendation> forContact(long contactId, int limit) {
        return lookup.forContact(contactId, checked(limit));
    }

    public List<Recommendation> forAccount(long accountId, int limit) {
        return lookup.forAccount(accountId, checked(limit));
    }

    /** For a user: 404 for a contact they may not see, as on the contact itself. */
    public List<Recommendation> forContact(CurrentUser user, long contactId, int limit) {
        contacts.get(user, contactId);
        return forContact(contactId, limit);
    }

    public List<Recommendation> forAccount(CurrentUser user, long accountId, int limit) {
        accounts.get(user, accountId);
        return forAccount(accountId, limit);
    }

    private static int checked(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) throw Problems.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        return limit;
    }
}
