package io.rapport.activities;

import java.time.Instant;

/**
 * An interaction another module saw (a ticket, an order, a survey answer, a campaign e-mail, a chat…), to be shown
 * on the contact's timeline. {@code source} and {@code sourceRef} make recording idempotent: the same pair twice
 * is one entry.
 */
public record Touchpoint(long contactId, Channel channel, Instant occurredAt, String subject, String body,
                         JourneyStage journeyStage, Sentiment sentiment, String source, String sourceRef) {

    public enum Channel { NOTE, PHONE, MEETING, EMAIL, TICKET, ORDER, SURVEY, CAMPAIGN, CHAT, SOCIAL, WEB, OTHER }

    public enum JourneyStage { AWARENESS, CONSIDERATION, PURCHASE, RETENTION, ADVOCACY }

    public enum Sentiment { POSITIVE, NEUTRAL, NEGATIVE }
}
