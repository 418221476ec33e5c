package io.rapport.service.tickets;

import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import io.rapport.service.InboundMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;

/** Files on messages: from multipart parts or base64 JSON, each at most {@code rapport.tickets.max-attachment-bytes}. */
@Component
public class Attachments {

    public static final int MAX_FILES = 20;

    private final JdbcClient jdbc;
    private final long maxBytes;

    Attachments(JdbcClient jdbc, @Value("${rapport.tickets.max-attachment-bytes:26214400}") long maxBytes) {
        this.jdbc = jdbc;
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public List<InboundMessage.Attachment> fromParts(List<MultipartFile> parts) {
        List<InboundMessage.Attachment> files = new ArrayList<>();
        if (parts == null) return files;
        if (parts.size() > MAX_FILES) throw Problems.invalid("files", "at most " + MAX_FILES + " files per message");
        for (MultipartFile part : parts) {
            if (part.isEmpty() && (part.getOriginalFilename() == null || part.getOriginalFilename().isBlank())) continue;
            String name = filename(part.getOriginalFilename());
            if (part.getSize() > maxBytes) throw tooLarge(name);
            try {
                files.add(new InboundMessage.Attachment(name, contentType(part.getContentType()), part.getBytes()));
            } catch (IOException e) {
                throw Problems.malformed("Could not read the uploaded file " + name);
            }
        }
        return files;
    }

    /** {@code attachments: [{filename, contentType, contentBase64}]}; errors go to {@code in}, a too-large file is a 413. */
    List<InboundMessage.Attachment> fromJson(JsonFields in) {
        List<InboundMessage.Attachment> files = new ArrayList<>();
        JsonNode list = in.node("attachments");
        if (list == null || list.isNull()) return files;
        if (!list.isArray()) {
            in.error("attachments", "expected an array of {filename, contentType, contentBase64}");
            return files;
        }
        if (list.size() > MAX_FILES) {
            in.error("attachments", "at most " + MAX_FILES + " files per message");
            return files;
        }
        for (int i = 0; i < list.size(); i++) {
            String at = "attachments[" + i + "]";
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                in.error(at, "expected an object");
                continue;
            }
            JsonFields f = new JsonFields(item, Set.of("filename", "contentType", "contentBase64"));
            String name = f.text("filename", 255);
            if (name == null && f.errors().isEmpty()) f.error("filename", "required");
            String type = f.text("contentType", 255);
            String data = f.text("contentBase64", Integer.MAX_VALUE);
            if (data == null && f.errors().stream().noneMatch(e -> e.field().equals("contentBase64"))) f.error("contentBase64", "required");
            byte[] content = null;
            if (data != null) {
                if ((long) data.length() * 3 / 4 > maxBytes + 3) throw tooLarge(name == null ? at : name);
                try {
                    content = Base64.getDecoder().decode(data.replaceAll("\\s", ""));
                } catch (IllegalArgumentException e) {
                    f.error("contentBase64", "not valid base64");
                }
            }
            if (content != null && content.length > maxBytes) throw tooLarge(name);
            in.absorb(at, f);
            if (content != null && name != null) files.add(new InboundMessage.Attachment(filename(name), contentType(type), content));
        }
        return files;
    }

    void store(long messageId, List<InboundMessage.Attachment> files) {
        for (InboundMessage.Attachment a : files) {
            jdbc.sql("""
                    insert into ticket_attachments (message_id, filename, content_type, size_bytes, content)
                    values (:message, :name, :type, :size, :content)""")
                    .param("message", messageId).param("name", a.filename()).param("type", a.contentType())
                    .param("size", a.content().length).param("content", a.content()).update();
        }
    }

    private ApiProblem tooLarge(String name) {
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "attachment-too-large", "Attachment too large",
                "Attachment '" + name + "' is larger than the limit of " + maxBytes + " bytes (" + (maxBytes / (1024 * 1024))
                        + " MB) per file", List.of(new ApiProblem.FieldError("attachments", "at most " + maxBytes + " bytes per file")));
    }

    /** A plain file name: no path, no control characters, at most 255 characters. */
    static String filename(String raw) {
        String name = raw == null ? "" : raw.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"]", "_").strip();
        if (name.isEmpty()) name = "attachment";
        return name.length() > 255 ? name.substring(name.length() - 255) : name;
    }

    private static String contentType(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > 255 || !raw.matches("[\\w.+-]+/[\\w.+-]+(;.*)?")) {
            return "application/octet-stream";
        }
        return raw.trim();
    }
}
