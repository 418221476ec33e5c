package io.rapport.service;

import java.util.List;

/**
 * What a customer wrote, as a channel hands it over: plain text, optional already-sanitised HTML, e-mail
 * threading ids, attachments. {@code authorUserId} is set when an agent logs it for them (a phone call).
 */
public record InboundMessage(String bodyText, String bodyHtml, Long authorContactId, Long authorUserId,
                             String emailMessageId, String emailInReplyTo, List<Attachment> attachments) {

    public record Attachment(String filename, String contentType, byte[] content) {}

    public static InboundMessage text(String body, Long authorContactId) {
        return new InboundMessage(body, null, authorContactId, null, null, null, List.of());
    }
}
