package io.rapport.platform.tokens;

import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.Role;
import io.rapport.platform.web.Problems;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal API tokens. The token is shown once; only its SHA-256 is stored (a token is 256 random
 * bits, so a fast hash is enough — unlike passwords it cannot be guessed from a dictionary).
 */
@Service
public class ApiTokens {

    public record TokenInfo(long id, String name, String prefix, Instant createdAt, Instant expiresAt, Instant lastUsedAt,
                            Instant revokedAt) {
        public boolean usable() {
            return revokedAt == null && expiresAt.isAfter(Instant.now());
        }
    }

    public record IssuedToken(String token, TokenInfo info) {}

    public static final Duration SCRIPT_TOKEN_LIFETIME = Duration.ofDays(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final AuditLog audit;

    ApiTokens(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @Transactional
    public IssuedToken issue(CurrentUser owner, String name, Duration lifetime) {
        if (name == null || name.isBlank() || name.trim().length() > 100) throw Problems.invalid("name", "1 to 100 characters");
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.toDays() > 366) {
            throw Problems.invalid("expiresInDays", "must be between 1 and 366 days");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = "rpt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant expires = Instant.now().plus(lifetime);
        long id = jdbc.sql("""
                insert into api_tokens (user_id, name, token_hash, prefix, expires_at)
                values (:user, :name, :hash, :prefix, :expires) returning id""")
                .param("user", owner.id()).param("name", name.trim()).param("hash", hash(token))
                .param("prefix", token.substring(0, 10)).param("expires", Timestamp.from(expires))
                .query(Long.class).single();
        audit.record(owner.id(), owner.email(), "CREATE", "API_TOKEN", id, "Created API token " + name.trim(), Map.of());
        return new IssuedToken(token, find(owner, id).orElseThrow());
    }

    public List<TokenInfo> list(CurrentUser owner) {
        return jdbc.sql("select * from api_tokens where user_id = :user order by created_at desc")
                .param("user", owner.id()).query((rs, n) -> map(rs)).list();
    }

    @Transactional
    public void revoke(CurrentUser owner, long id) {
        int changed = jdbc.sql("update api_tokens set revoked_at = now() where id = :id and user_id = :user and revoked_at is null")
                .param("id", id).param("user", owner.id()).update();
        if (changed == 0 && find(owner, id).isEmpty()) throw Problems.notFound("API token", id);
        audit.record(owner.id(), owner.email(), "REVOKE", "API_TOKEN", id, "Revoked API token", Map.of());
    }

    /** The user behind a presented token, if it is known, unexpired, unrevoked and its user active. */
    public Optional<CurrentUser> authenticate(String token) {
        if (token == null || !token.startsWith("rpt_") || token.length() > 100) return Optional.empty();
        String hash = hash(token);
        record Match(CurrentUser user, boolean stale) {}
        Optional<Match> match = jdbc.sql("""
                select u.id, u.email, u.name, u.role, u.team_id,
                       (t.last_used_at is null or t.last_used_at < now() - interval '1 minute') as stale
                  from api_tokens t join users u on u.id = t.user_id
                 where t.token_hash = :hash and t.revoked_at is null and t.expires_at > now() and u.active""")
                .param("hash", hash)
                .query((rs, n) -> new Match(new CurrentUser(rs.getLong("id"), rs.getString("email"), rs.getString("name"),
                        Role.valueOf(rs.getString("role")), (Long) rs.getObject("team_id")), rs.getBoolean("stale")))
                .optional();
        // last use is recorded at minute granularity so a busy integration does not write on every call
        match.filter(Match::stale).ifPresent(m -> jdbc.sql("update api_tokens set last_used_at = now() where token_hash = :hash")
                .param("hash", hash).update());
        return match.map(Match::user);
    }

    private Optional<TokenInfo> find(CurrentUser owner, long id) {
        return jdbc.sql("select * from api_tokens where id = :id and user_id = :user").param("id", id)
                .param("user", owner.id()).query((rs, n) -> map(rs)).optional();
    }

    private static TokenInfo map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new TokenInfo(rs.getLong("id"), rs.getString("name"), rs.getString("prefix"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
                rs.getTimestamp("last_used_at") == null ? null : rs.getTimestamp("last_used_at").toInstant(),
                rs.getTimestamp("revoked_at") == null ? null : rs.getTimestamp("revoked_at").toInstant());
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
