/**
 * Analytics: what customers are worth and how loyal they are. Historic and predictive lifetime value
 * (BG/NBD + Gamma-Gamma), churn and retention, cohorts, RFM, acquisition cost, personas, journeys and
 * touchpoints, the service recovery paradox and the executive KPIs. It reads the other modules; nothing
 * depends on it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Analytics",
        allowedDependencies = {"platform", "platform :: security", "platform :: audit", "platform :: web", "platform :: users",
                "platform :: jobs", "customers :: contacts", "customers :: accounts", "customers :: listing",
                "customers :: export", "activities", "commerce", "service", "feedback", "sales"})
package io.rapport.analytics;
