package io.rapport.feedback.sending;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Answer links: {@code <invitation id>.<expiry, epoch seconds>.<HMAC-SHA256 of both>} under a key kept in the
 * database (every node signs and checks alike). A changed id or expiry breaks the signature; single use is the
 * invitation's status, checked by the answer side.
 */
@Component
public class AnswerTokens {

    public enum Check { VALID, FORGED, EXPIRED }

    public record Verified(Check check, long invitationId) {}

    private final JdbcClient jdbc;
    private volatile byte[] key;

    AnswerTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public String sign(long invitationId, Instant expiresAt) {
        String payload = invitationId + "." + expiresAt.getEpochSecond();
        return payload + "." + mac(payload);
    }

    public Verified verify(String token, Instant now) {
        if (token == null || token.length() > 120) return new Verified(Check.FORGED, 0);
        String[] parts = token.split("\\.");
        if (parts.length != 3) return new Verified(Check.FORGED, 0);
        long id;
        long exp;
        try {
            id = Long.parseLong(parts[0]);
            exp = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return new Verified(Check.FORGED, 0);
        }
        String expected = mac(parts[0] + "." + parts[1]);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), parts[2].getBytes(StandardCharsets.US_ASCII))) {
            return new Verified(Check.FORGED, 0);
        }
        if (now.getEpochSecond() >= exp) return new Verified(Check.EXPIRED, id);
        return new Verified(Check.VALID, id);
    }

    private String mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            k = jdbc.sql("select token_secret from feedback_settings").query(byte[].class).single();
            key = k;
        }
        return k;
    }
}
