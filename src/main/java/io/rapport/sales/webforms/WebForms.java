package io.rapport.sales.webforms;

import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.audit.FieldChange;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.ExpectedVersion;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import io.rapport.sales.leads.LeadDraft;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Web forms as admins build them: fields from the lead's, required flags, consent text, thank-you text, defaults. */
@Service
public class WebForms {

    static final Set<String> FIELDS = Set.of("name", "fields", "consentText", "thankYouText", "source", "campaign", "teamId",
            "active", "version", "id", "publicKey", "teamName", "leadCount", "createdAt");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AuditLog audit;

    WebForms(JdbcClient jdbc, JsonMapper json, AuditLog audit) {
        this.jdbc = jdbc;
        this.json = json;
        this.audit = audit;
    }

    private static final String SELECT = """
            select f.*, t.name as team_name, (select count(*) from leads l where l.web_form_id = f.id) as lead_count
            from web_forms f left join teams t on t.id = f.team_id""";

    public List<WebForm> all() {
        return jdbc.sql(SELECT + " order by f.name, f.id").query(this::map).list();
    }

    public Optional<WebForm> find(long id) {
        return jdbc.sql(SELECT + " where f.id = :id").param("id", id).query(this::map).optional();
    }

    public WebForm get(long id) {
        return find(id).orElseThrow(() -> Problems.notFound("Web form", id));
    }

    /** An active form by its public key; unknown and inactive forms look the same from outside. */
    public Optional<WebForm> published(String publicKey) {
        if (publicKey == null || !publicKey.matches("[A-Za-z0-9_-]{16,64}")) return Optional.empty();
        return jdbc.sql(SELECT + " where f.public_key = :key and f.active").param("key", publicKey).query(this::map).optional();
    }

    private WebForm map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        List<WebForm.FormField> fields = json.readValue(rs.getString("fields"), new TypeReference<>() {});
        return new WebForm(rs.getLong("id"), rs.getString("public_key"), rs.getString("name"), fields,
                rs.getString("consent_text"), rs.getString("thank_you_text"), rs.getString("source"), rs.getString("campaign"),
                (Long) rs.getObject("team_id"), rs.getString("team_name"), rs.getBoolean("active"), rs.getLong("lead_count"),
                rs.getTimestamp("created_at").toInstant(), rs.getInt("version"));
    }

    private record Input(String name, List<WebForm.FormField> fields, String consentText, String thankYouText, String source,
                         String campaign, Long teamId, Boolean active, Integer version) {}

    private Input read(JsonNode body, WebForm current) {
        JsonFields in = new JsonFields(body, FIELDS);
        String name = in.has("name") || current == null ? in.text("name", 100) : current.name();
        if (name == null && in.errors().stream().noneMatch(e -> e.field().equals("name"))) in.error("name", "required");
        List<WebForm.FormField> fields = current == null ? null : current.fields();
        if (in.has("fields") || current == null) fields = fields(in);
        String consent = in.has("consentText") ? in.text("consentText", 1000) : current == null ? null : current.consentText();
        String thanks = in.has("thankYouText") ? in.text("thankYouText", 2000) : current == null ? null : current.thankYouText();
        if (thanks == null) thanks = "Thank you! We will be in touch.";
        String source = in.has("source") ? in.text("source", 100) : current == null ? null : current.source();
        if (source == null) source = "Web form";
        String campaign = in.has("campaign") ? in.text("campaign", 200) : current == null ? null : current.campaign();
        Long teamId = in.has("teamId") ? in.id("teamId") : current == null ? null : current.teamId();
        if (teamId != null && jdbc.sql("select count(*) from teams where id = :id").param("id", teamId).query(Long.class).single() == 0) {
            in.error("teamId", "no team " + teamId);
        }
        Boolean active = in.has("active") ? in.bool("active") : current == null ? Boolean.TRUE : current.active();
        Integer version = in.integer("version");
        in.throwIfInvalid();
        return new Input(name, fields, consent, thanks, source, campaign, teamId, active == null || active, version);
    }

    private static List<WebForm.FormField> fields(JsonFields in) {
        JsonNode n = in.node("fields");
        if (n == null || n.isNull() || !n.isArray() || n.isEmpty()) {
            in.error("fields", "a list such as [{\"field\":\"lastName\",\"required\":true},{\"field\":\"email\",\"required\":true}]");
            return List.of();
        }
        List<WebForm.FormField> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode f = n.get(i);
            String name = f.isString() ? f.asString() : f.path("field").isString() ? f.path("field").asString() : null;
            boolean required = f.isObject() && f.path("required").isBoolean() && f.path("required").asBoolean();
            if (name == null || !LeadDraft.FORM_FIELDS.contains(name)) {
                in.error("fields[" + i + "]", "one of " + LeadDraft.FORM_FIELDS);
            } else if (!seen.add(name)) {
                in.error("fields[" + i + "]", name + " is already on the form");
            } else {
                fields.add(new WebForm.FormField(name, required || name.equals("lastName")));
            }
        }
        if (!seen.contains("lastName")) in.error("fields", "must include lastName (every lead needs one)");
        if (!seen.contains("email") && !seen.contains("phone")) in.error("fields", "must include email or phone, to reach the lead");
        return fields;
    }

    @Transactional
    public WebForm create(CurrentUser user, JsonNode body) {
        RecordVisibility.requireAdmin(user);
        Input f = read(body, null);
        String key = newKey();
        long id = jdbc.sql("""
                        insert into web_forms (public_key, name, fields, consent_text, thank_you_text, source, campaign, team_id, active)
                        values (:key, :name, cast(:fields as jsonb), :consent, :thanks, :source, :campaign, :team, :active)
                        returning id""")
                .param("key", key).param("name", f.name()).param("fields", json.writeValueAsString(f.fields()))
                .param("consent", f.consentText()).param("thanks", f.thankYouText()).param("source", f.source())
                .param("campaign", f.campaign()).param("team", f.teamId()).param("active", f.active())
                .query(Long.class).single();
        WebForm created = get(id);
        audit.record("CREATE", "WEB_FORM", id, "Created web form " + created.name(), FieldChange.of(snapshot(created), true));
        return created;
    }

    @Transactional
    public WebForm update(CurrentUser user, long id, JsonNode body, Integer ifMatch) {
        RecordVisibility.requireAdmin(user);
        WebForm current = get(id);
        Input f = read(body, current);
        ExpectedVersion expected = ExpectedVersion.of(ifMatch, f.version());
        expected.requireMatches("Web form", id, current.version());
        int updated = jdbc.sql("""
                        update web_forms set name = :name, fields = cast(:fields as jsonb), consent_text = :consent,
                               thank_you_text = :thanks, source = :source, campaign = :campaign, team_id = :team,
                               active = :active, updated_at = now(), version = version + 1
                        where id = :id and version = :version""")
                .param("name", f.name()).param("fields", json.writeValueAsString(f.fields()))
                .param("consent", f.consentText()).param("thanks", f.thankYouText()).param("source", f.source())
                .param("campaign", f.campaign()).param("team", f.teamId()).param("active", f.active())
                .param("id", id).param("version", current.version()).update();
        if (updated == 0) throw expected.lostRace("Web form", id, current.version());
        WebForm after = get(id);
        Map<String, FieldChange> changes = FieldChange.between(snapshot(current), snapshot(after));
        if (!changes.isEmpty()) audit.record("UPDATE", "WEB_FORM", id, "Updated web form " + after.name(), changes);
        return after;
    }

    @Transactional
    public void delete(CurrentUser user, long id) {
        RecordVisibility.requireAdmin(user);
        WebForm current = get(id);
        jdbc.sql("delete from web_forms where id = :id").param("id", id).update();
        audit.record("DELETE", "WEB_FORM", id, "Deleted web form " + current.name(), FieldChange.of(snapshot(current), false));
    }

    private static Map<String, Object> snapshot(WebForm f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("fields", f.fields().stream().map(x -> x.field() + (x.required() ? "*" : "")).toList());
        m.put("consentText", f.consentText());
        m.put("thankYouText", f.thankYouText());
        m.put("source", f.source());
        m.put("campaign", f.campaign());
        m.put("teamId", f.teamId());
        m.put("active", f.active());
        return m;
    }

    private static String newKey() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
