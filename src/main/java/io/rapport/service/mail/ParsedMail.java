package io.rapport.service.mail;

import io.rapport.service.InboundMessage;
import java.util.List;

/**
 * One inbound mail, read: who sent it, threading ids, the text and sanitised HTML, the attachments kept and a note
 * for each one refused, and why it must not open a ticket ({@code loopReason}, null when it may).
 */
record ParsedMail(String messageId, String fromAddress, String fromName, String subject, List<String> threadIds,
                  String text, String html, List<InboundMessage.Attachment> attachments, List<String> notes,
                  String loopReason) {
}
