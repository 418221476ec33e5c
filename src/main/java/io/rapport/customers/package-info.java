/**
 * Customers: contacts and accounts with lifecycle, ownership, tags, consent and admin-defined custom
 * fields; list views with filters and saved views; global search.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Customers",
        allowedDependencies = {"platform", "platform :: security", "platform :: audit", "platform :: web", "platform :: users",
                "platform :: jobs"})
package io.rapport.customers;
