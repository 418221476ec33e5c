package io.rapport.service;

import java.util.List;

/**
 * A request arriving on any channel, already tied to its requester (a contact; null only when the channel
 * could not tell who it was). {@code firstMessage} is the customer's words; its attachments come with it.
 */
public record NewTicket(String subject, Channel channel, Long requesterId, Long accountId, String priority, String type,
                        Long teamId, Long assigneeId, List<String> tags, InboundMessage firstMessage) {

    public enum Channel { EMAIL, WEB, PHONE, API, CHAT, SOCIAL, PORTAL }
}
