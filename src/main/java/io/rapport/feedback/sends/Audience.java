package io.rapport.feedback.sends;

import io.rapport.platform.web.JsonFields;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;

/**
 * Who a survey goes to: the contacts carrying a tag (lists saved from RFM segments are tags too), the contacts of an
 * account, or the contacts in a lifecycle stage. Exactly one per send. Personas are not offered: they live in the
 * analytics module, and feedback must not depend on it (ADR 0036).
 */
public record Audience(Kind kind, String value) {

    public enum Kind { TAG, ACCOUNT, STAGE }

    public static final List<String> STAGES = List.of("LEAD", "PROSPECT", "CUSTOMER", "CLIENT", "ADVOCATE", "CHURNED");
    public static final Set<String> FIELDS = Set.of("tag", "accountId", "lifecycleStage");

    /**
     * Reads {@code {"tag": …}}, {@code {"accountId": …}} or {@code {"lifecycleStage": …}} from a body; field errors
     * go into {@code in}. Returns null when there are errors.
     */
    public static Audience read(JsonFields in) {
        String tag = in.text("tag", 50);
        Long account = in.id("accountId");
        String stage = in.oneOf("lifecycleStage", STAGES);
        int given = (in.has("tag") ? 1 : 0) + (in.has("accountId") ? 1 : 0) + (in.has("lifecycleStage") ? 1 : 0);
        if (given == 0) {
            in.error("audience", "give one of tag, accountId or lifecycleStage");
        } else if (given > 1) {
            for (String f : List.of("tag", "accountId", "lifecycleStage")) if (in.has(f)) in.error(f, "give only one of tag, accountId or lifecycleStage");
        } else if (in.has("tag") && tag == null && in.errors().stream().noneMatch(e -> e.field().equals("tag"))) {
            in.error("tag", "a tag of 1 to 50 characters");
        }
        if (!in.errors().isEmpty()) return null;
        if (tag != null) return new Audience(Kind.TAG, tag.toLowerCase(Locale.ROOT));
        if (account != null) return new Audience(Kind.ACCOUNT, String.valueOf(account));
        return new Audience(Kind.STAGE, stage);
    }

    /** The field of the request that named this audience, for errors. */
    public String field() {
        return switch (kind) {
            case TAG -> "tag";
            case ACCOUNT -> "accountId";
            case STAGE -> "lifecycleStage";
        };
    }

    /** A SQL condition over contacts {@code c}; bind it with {@link #bind}. */
    String condition() {
        return switch (kind) {
            case TAG -> "c.tags @> array[cast(:audience as text)]";
            case ACCOUNT -> "c.account_id = cast(:audience as bigint)";
            case STAGE -> "c.lifecycle_stage = cast(:audience as text)";
        };
    }

    StatementSpec bind(StatementSpec spec) {
        return spec.param("audience", value);
    }

    /**
     * Why a contact {@code c} would be skipped, or null when it gets the survey: the single send's refusals (no
     * e-mail, no consent, surveyed within {@code :throttleDays}), as invitation refusal codes.
     */
    static final String SKIP_REASON = """
            case when c.emails[1] is null or btrim(c.emails[1]) = '' then 'NO_EMAIL'
                 when not c.email_consent then 'NO_CONSENT'
                 when :throttleDays > 0 and exists (
                        select 1 from survey_invitations i where i.contact_id = c.id and i.status <> 'REFUSED'
                           and i.created_at > now() - make_interval(days => :throttleDays)) then 'THROTTLED'
            end""";
}
