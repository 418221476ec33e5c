/**
 * Service desk: tickets from every channel (e-mail, web form, phone, API; chat and social later through
 * {@link io.rapport.service.TicketIntake}), SLAs in business time, the agents' queue, macros and automation,
 * complaints and service recovery, CSAT, QA and service metrics.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Service",
        allowedDependencies = {"platform", "platform :: security", "platform :: audit", "platform :: web", "platform :: users",
                "platform :: jobs", "customers :: contacts", "customers :: accounts", "customers :: listing",
                "customers :: export", "customers :: customfields", "activities"})
package io.rapport.service;
