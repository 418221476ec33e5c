package io.rapport.sales.leads;

import java.math.BigDecimal;
import java.time.Instant;

/** What the prospect needs (pains, goals), can spend, who decides, and by when. */
public record NeedsAssessment(String pains, String goals, BigDecimal budget, String budgetCurrency, String authority,
                              String decisionTimeline, Instant updatedAt) {

    public static final NeedsAssessment EMPTY = new NeedsAssessment(null, null, null, null, null, null, null);

    public boolean isEmpty() {
        return pains == null && goals == null && budget == null && authority == null && decisionTimeline == null;
    }
}
