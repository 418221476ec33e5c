package io.rapport.service;

import java.time.Instant;

/**
 * A ticket's CSAT survey was answered, or its comment added or changed (the score never changes). Published in the
 * transaction that recorded it, so the feedback module can keep every CSAT answer beside its own survey answers.
 */
public record CsatAnswered(long surveyId, long ticketId, Long contactId, int score, String comment, Instant answeredAt) {}
