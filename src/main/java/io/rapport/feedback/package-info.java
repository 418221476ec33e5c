/**
 * Feedback: surveys (NPS, CSAT, CES, custom question sets) sent by e-mail with one-click answer links, their
 * responses, closing the loop on detractors, topics and sentiment of comments, and the survey results.
 * Other modules read scores only through {@link io.rapport.feedback.SurveyScores}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Feedback",
        allowedDependencies = {"platform", "platform :: security", "platform :: audit", "platform :: web", "platform :: users",
                "platform :: jobs", "customers :: contacts", "customers :: accounts",
                "customers :: listing", "customers :: export", "activities", "service", "commerce"})
package io.rapport.feedback;
