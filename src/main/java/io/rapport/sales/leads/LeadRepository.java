package io.rapport.sales.leads;

import io.rapport.customers.listing.ListQuery;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class LeadRepository {

    static final String SELECT = """
            select l.*, u.name as owner_name from leads l left join users u on u.id = l.owner_id""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    LeadRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Optional<Lead> find(CurrentUser user, long id) {
        return RecordVisibility.bind(jdbc.sql(SELECT + " where l.id = :id and " + RecordVisibility.condition(user, "l")), user)
                .param("id", id).query(this::map).optional();
    }

    /** For jobs and the public form: no user, no visibility. */
    Optional<Lead> find(long id) {
        return jdbc.sql(SELECT + " where l.id = :id").param("id", id).query(this::map).optional();
    }

    /** Locks the row, so two conversions of one lead run one after the other. */
    Optional<Lead> lock(CurrentUser user, long id) {
        return RecordVisibility.bind(jdbc.sql(SELECT + " where l.id = :id and " + RecordVisibility.condition(user, "l")
                + " for update of l"), user).param("id", id).query(this::map).optional();
    }

    record Row(Lead lead, String sortValue) {}

    List<Row> page(ListQuery query, ListQuery.Sorting sorting, String cursor, int limit) {
        String sql = query.sql("select l.*, u.name as owner_name, " + ListQuery.sortValueColumn(sorting)
                + " from leads l left join users u on u.id = l.owner_id", sorting, cursor, limit);
        return jdbc.sql(sql).params(query.params()).query((rs, n) -> new Row(map(rs, n), rs.getString("sort_value"))).list();
    }

    long count(ListQuery query) {
        return jdbc.sql(query.countSql("leads l")).params(query.params()).query(Long.class).single();
    }

    long insert(LeadDraft d, Long teamId, Long webFormId) {
        return jdbc.sql("""
                        insert into leads (first_name, last_name, email, phone, company, job_title, company_size, website,
                                           country, source, campaign, status, owner_id, team_id, email_consent,
                                           email_consent_at, email_consent_text, notes, web_form_id)
                        values (:firstName, :lastName, :email, :phone, :company, :jobTitle, :companySize, :website,
                                :country, :source, :campaign, :status, :owner, :team, :consent,
                                case when :consent then now() end, :consentText, :notes, :webForm)
                        returning id""")
                .params(with(d, "team", teamId, "webForm", webFormId))
                .query(Long.class).single();
    }

    boolean update(long id, int version, LeadDraft d, Long teamId) {
        return jdbc.sql("""
                        update leads set first_name = :firstName, last_name = :lastName, email = :email, phone = :phone,
                               company = :company, job_title = :jobTitle, company_size = :companySize, website = :website,
                               country = :country, source = :source, campaign = :campaign, status = :status,
                               owner_id = :owner, team_id = :team,
                               email_consent_at = case when :consent and not email_consent then now()
                                                       when :consent then email_consent_at end,
                               email_consent_text = case when :consent then coalesce(:consentText, email_consent_text) end,
                               email_consent = :consent, notes = :notes,
                               updated_at = now(), version = version + 1
                        where id = :id and version = :version""")
                .params(with(d, "team", teamId, "id", id, "version", version))
                .update() == 1;
    }

    private static java.util.Map<String, Object> paramsMap(LeadDraft d) {
        java.util.Map<String, Object> p = new java.util.HashMap<>();
        p.put("firstName", d.firstName == null ? "" : d.firstName);
        p.put("lastName", d.lastName);
        p.put("email", d.email);
        p.put("phone", d.phone);
        p.put("company", d.company);
        p.put("jobTitle", d.jobTitle);
        p.put("companySize", d.companySize);
        p.put("website", d.website);
        p.put("country", d.country);
        p.put("source", d.source == null ? "API" : d.source);
        p.put("campaign", d.campaign);
        p.put("status", d.status == null ? "NEW" : d.status);
        p.put("owner", d.ownerId);
        p.put("consent", d.emailConsent);
        p.put("consentText", d.emailConsent ? d.consentText : null);
        p.put("notes", d.notes);
        return p;
    }

    private static java.util.Map<String, Object> with(LeadDraft d, Object... more) {
        java.util.Map<String, Object> p = paramsMap(d);
        for (int i = 0; i < more.length; i += 2) p.put((String) more[i], more[i + 1]);
        return p;
    }

    void delete(long id) {
        jdbc.sql("delete from leads where id = :id").param("id", id).update();
    }

    Lead map(ResultSet rs, int n) throws SQLException {
        List<Lead.ScoreReason> reasons = json.readValue(rs.getString("score_reasons"), new TypeReference<>() {});
        return new Lead(rs.getLong("id"), rs.getString("first_name"), rs.getString("last_name"), rs.getString("email"),
                rs.getString("phone"), rs.getString("company"), rs.getString("job_title"),
                (Integer) rs.getObject("company_size"), rs.getString("website"), rs.getString("country"),
                rs.getString("source"), rs.getString("campaign"), rs.getString("status"), rs.getInt("score"), reasons,
                (Long) rs.getObject("owner_id"), rs.getString("owner_name"), (Long) rs.getObject("team_id"),
                rs.getBoolean("email_consent"), instant(rs, "email_consent_at"), rs.getString("email_consent_text"),
                rs.getString("notes"), (Long) rs.getObject("web_form_id"), instant(rs, "last_activity_at"),
                (Long) rs.getObject("converted_contact_id"), (Long) rs.getObject("converted_account_id"),
                (Long) rs.getObject("converted_deal_id"), instant(rs, "converted_at"), instant(rs, "created_at"),
                instant(rs, "updated_at"), rs.getInt("version"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
