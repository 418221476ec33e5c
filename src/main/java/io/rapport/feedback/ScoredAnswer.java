package io.rapport.feedback;

import java.time.Instant;

/** One answered score question; ticket and order are null when the answer is not about one. */
public record ScoredAnswer(long id, SurveyKind kind, int score, Long contactId, Long accountId, Long ticketId,
                           Long orderId, String source, Instant answeredAt) {
}
