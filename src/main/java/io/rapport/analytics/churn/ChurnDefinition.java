package io.rapport.analytics.churn;

import java.time.Instant;

/**
 * The business's churn definition, stored in {@code churn_settings}: which rule says a customer churned, and the
 * window the churn-risk model predicts over.
 */
public record ChurnDefinition(Kind kind, int inactivityDays, double pAliveThreshold, int riskWindowDays, Instant updatedAt) {

    public enum Kind { INACTIVITY, P_ALIVE, EVENT }

    /** One sentence a reader of the churn page understands. */
    public String description() {
        return switch (kind) {
            case INACTIVITY -> "A customer churns when " + inactivityDays + " days pass after an order without another order.";
            case P_ALIVE -> "A customer whose P(alive) from the latest lifetime-value fit is below " + pAliveThreshold
                    + " counts as churned since their last order.";
            case EVENT -> "Only customers explicitly marked as churned (date and reason on the contact) count as churned.";
        };
    }
}
