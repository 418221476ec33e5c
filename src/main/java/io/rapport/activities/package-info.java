/**
 * Activities: one timeline per contact and account — notes, calls, meetings, logged e-mails, and touchpoints
 * that other modules record through {@link io.rapport.activities.Timeline}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Activities",
        allowedDependencies = {"platform", "platform :: security", "platform :: audit", "platform :: web", "platform :: users", "platform :: jobs",
                "customers :: contacts", "customers :: accounts", "customers :: imports", "customers :: export",
                "customers :: listing"})
package io.rapport.activities;
