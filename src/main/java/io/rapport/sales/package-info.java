/**
 * Sales: leads (web forms, scoring, assignment, conversion), pipelines of stages, deals on a kanban board,
 * the forecast, and rules that keep deals from going stale.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Sales",
        allowedDependencies = {"platform", "platform :: security", "platform :: audit", "platform :: web", "platform :: users",
                "platform :: jobs", "customers :: contacts", "customers :: accounts", "customers :: listing",
                "customers :: export", "activities", "commerce :: products", "commerce"})
package io.rapport.sales;
