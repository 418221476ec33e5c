package io.rapport.service.sentiment;

/** A customer message scored below the flag threshold; the ticket is now flagged (escalation may react). */
public record SentimentFlagged(long ticketId, long messageId, double score) {}
