package io.rapport.service.mail;

import io.rapport.service.InboundMessage;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Reads a raw RFC 5322 mail into a {@link ParsedMail}; throws on MIME it cannot make sense of (the caller quarantines). */
@Component
class MailParser {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Set<String> DAEMONS = Set.of("mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon");

    private final long maxAttachmentBytes;

    MailParser(@Value("${rapport.service.mail.max-attachment-bytes:26214400}") long maxAttachmentBytes) {
        this.maxAttachmentBytes = maxAttachmentBytes;
    }

    long maxAttachmentBytes() {
        return maxAttachmentBytes;
    }

    ParsedMail parse(byte[] raw, List<String> ownAddresses) throws MessagingException, IOException {
        MimeMessage mime = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
        InternetAddress from = sender(mime);
        String subject = mime.getSubject();
        List<String> threadIds = new ArrayList<>();
        threadIds.addAll(ids(mime.getHeader("In-Reply-To", " ")));
        threadIds.addAll(ids(mime.getHeader("References", " ")));
        Body body = new Body();
        walk(mime, body);
        String html = body.html == null ? null : HtmlSanitiser.sanitise(body.html);
        String text = body.text != null ? QuoteStripper.strip(body.text) : body.html != null ? QuoteStripper.strip(HtmlSanitiser.text(body.html)) : "";
        return new ParsedMail(messageId(mime), from == null ? null : from.getAddress().toLowerCase(Locale.ROOT),
                from == null ? null : from.getPersonal(), subject == null ? "" : subject.strip(), threadIds, text, html,
                body.attachments, body.notes, loopReason(mime, from, ownAddresses));
    }

    /** Reply-To wins over From: it is where the customer wants answers. */
    private static InternetAddress sender(MimeMessage mime) throws MessagingException {
        for (String header : List.of("Reply-To", "From")) {
            String value = mime.getHeader(header, ",");
            if (value == null || value.isBlank()) continue;
            try {
                for (Address a : InternetAddress.parseHeader(value, false)) {
                    if (a instanceof InternetAddress ia && ia.getAddress() != null && ia.getAddress().contains("@")) return ia;
                }
            } catch (MessagingException ignored) {
                // an unreadable Reply-To: fall back to From
            }
        }
        return null;
    }

    /** Why this mail is automatic (a loop or a bounce) and must not become a ticket; null when a person wrote it. */
    private static String loopReason(MimeMessage mime, InternetAddress from, List<String> ownAddresses) throws MessagingException {
        String autoSubmitted = mime.getHeader("Auto-Submitted", ",");
        if (autoSubmitted != null && !autoSubmitted.trim().toLowerCase(Locale.ROOT).startsWith("no")) return "Auto-Submitted: " + autoSubmitted.trim();
        String precedence = mime.getHeader("Precedence", ",");
        if (precedence != null && Set.of("bulk", "junk", "list", "auto_reply").contains(precedence.trim().toLowerCase(Locale.ROOT))) {
            return "Precedence: " + precedence.trim();
        }
        if (mime.getHeader("X-Autoreply") != null || mime.getHeader("X-Autorespond") != null || mime.getHeader("X-Auto-Response-Suppress") != null
                && mime.getHeader("X-Auto-Response-Suppress", ",").toLowerCase(Locale.ROOT).contains("all")) {
            return "auto-responder header";
        }
        if (mime.isMimeType("multipart/report")) return "delivery report (multipart/report)";
        String fromHeader = mime.getHeader("From", ",");
        if (fromHeader != null) {
            String lower = fromHeader.toLowerCase(Locale.ROOT);
            for (String daemon : DAEMONS) {
                if (lower.contains(daemon + "@")) return "bounce from " + daemon;
            }
            for (String own : ownAddresses) {
                if (lower.contains(own)) return "sent by our own support address";
            }
        }
        if (from != null && DAEMONS.contains(from.getAddress().toLowerCase(Locale.ROOT).split("@")[0])) return "bounce from " + from.getAddress();
        return null;
    }

    private static String messageId(MimeMessage mime) throws MessagingException {
        List<String> ids = ids(mime.getHeader("Message-ID", " "));
        return ids.isEmpty() ? null : ids.getFirst();
    }

    /** The "&lt;id&gt;" tokens of a header, angle brackets kept (as stored in ticket_messages). */
    static List<String> ids(String header) {
        List<String> ids = new ArrayList<>();
        if (header == null) return ids;
        int at = 0;
        while ((at = header.indexOf('<', at)) >= 0) {
            int end = header.indexOf('>', at);
            if (end < 0) break;
            String id = header.substring(at, end + 1).replaceAll("\\s", "");
            if (id.length() > 2 && id.length() <= 998) ids.add(id);
            at = end + 1;
        }
        return ids;
    }

    private final class Body {
        String text, html;
        final List<InboundMessage.Attachment> attachments = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
    }

    private void walk(Part part, Body body) throws MessagingException, IOException {
        String filename = filename(part);
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || filename != null && !part.isMimeType("multipart/*");
        if (attachment) {
            keep(part, filename == null ? "attachment" : filename, body);
        } else if (part.isMimeType("multipart/*")) {
            // Jakarta Mail would guess a boundary (a JVM-wide setting); a multipart without one is broken mail: keep it for an admin
            if (new ContentType(part.getContentType()).getParameter("boundary") == null) {
                throw new MessagingException("multipart without a boundary parameter");
            }
            Object content = part.getContent();
            if (!(content instanceof Multipart multipart)) throw new MessagingException("multipart without parts");
            int count = multipart.getCount();  // throws on a missing boundary
            for (int i = 0; i < count; i++) {
                BodyPart child = multipart.getBodyPart(i);
                walk(child, body);
            }
        } else if (part.isMimeType("text/plain") && body.text == null) {
            body.text = String.valueOf(part.getContent());
        } else if (part.isMimeType("text/html") && body.html == null) {
            body.html = String.valueOf(part.getContent());
        } else if (part.isMimeType("message/rfc822") || !part.isMimeType("text/*")) {
            keep(part, part.isMimeType("message/rfc822") ? "message.eml" : "attachment", body);
        }
    }

    private static String filename(Part part) throws MessagingException {
        try {
            String name = part.getFileName();
            return name == null || name.isBlank() ? null : MimeUtility.decodeText(name).replaceAll("[\\\\/\\x00-\\x1f]", "_");
        } catch (java.io.UnsupportedEncodingException e) {
            return part.getFileName();
        }
    }

    /** Keeps an attachment up to the limit; a bigger one is refused with a note, and the mail goes on. */
    private void keep(Part part, String filename, Body body) throws MessagingException, IOException {
        String name = filename.length() > 255 ? filename.substring(0, 255) : filename;
        String type = part.getContentType() == null ? "application/octet-stream" : part.getContentType().split(";")[0].trim().toLowerCase(Locale.ROOT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long size = 0;
        boolean tooBig = false;
        try (InputStream in = part.getInputStream()) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                size += n;
                if (size > maxAttachmentBytes) tooBig = true;
                if (!tooBig) out.write(buffer, 0, n);
            }
        }
        if (tooBig) {
            body.notes.add("Attachment \"%s\" (%.1f MB) was not kept: larger than the %d MB limit.".formatted(name,
                    size / 1048576.0, maxAttachmentBytes / 1048576));
        } else {
            body.attachments.add(new InboundMessage.Attachment(name, type.length() > 255 ? "application/octet-stream" : type, out.toByteArray()));
        }
    }
}
