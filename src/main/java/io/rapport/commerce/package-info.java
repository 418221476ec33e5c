/**
 * Commerce: products (family, tier, price per currency), orders with lines, and cross-sell / upsell
 * recommendations mined from what customers bought together.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Commerce",
        allowedDependencies = {"platform", "platform :: security", "platform :: audit", "platform :: web", "platform :: users",
                "platform :: jobs", "customers :: contacts", "customers :: accounts", "customers :: imports",
                "customers :: listing", "customers :: export", "activities"})
package io.rapport.commerce;
